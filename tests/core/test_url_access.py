"""Every URL of the URL conf against every role, anonymous visitors and a second agency.

``test_every_url_is_classified`` walks the URL conf: a new URL fails it until
it is added to ``URLS`` below with the roles that may use it. The other tests
request each URL as each user and check that exactly the classified roles get
past the access checks (anything but 403, 404, 405 or a redirect to a login
page), that state changes are POST-only, and that every POST needs the CSRF
token. The Django admin is classified per registered model in ``ADMIN_MODELS``.

The objects belong to agency A; ``clerk_b`` is the clerk of a second agency
and must never get through to them.
"""

from dataclasses import dataclass, field

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from agencies import roles as r
from reports.models import Evidence
from tests.core.conftest import ANONYMOUS
from tests.factories import UserFactory

ROLES = ["clerk_a", "head_a", "clerk_b", "reviewer", "officer", "leader", "admin", ANONYMOUS]

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {ANONYMOUS}
AGENCY_STAFF = frozenset({"clerk_a", "head_a", "clerk_b"})
A_STAFF = frozenset({"clerk_a", "head_a"})
PROVINCE = frozenset({"reviewer", "officer", "leader", "admin"})
A_READERS = A_STAFF | PROVINCE
REVIEWERS = frozenset({"reviewer", "admin"})
DASHBOARDS = frozenset({"reviewer", "leader", "admin"})
# Activity reports: an agency's draft is its own (and the administrator's); reviewers read a report
# once it is submitted, leadership once it is accepted; officers follow honourees, not reports.
DRAFT_READERS = A_STAFF | {"admin"}
SUBMITTED_READERS = A_STAFF | {"reviewer", "admin"}
ACCEPTED_READERS = SUBMITTED_READERS | {"leader"}
OFFICERS = frozenset({"officer", "admin"})
NOBODY = frozenset()


@dataclass(frozen=True)
class Access:
    """Who gets through one URL with one method; ``args`` builds the URL's arguments from the world."""

    method: str
    allowed: frozenset
    args: object = None
    data: object = field(default_factory=dict)  # or a function of the world giving it
    # Signing out ends on the login page: there the redirect to it is the success.
    ends_at_login: bool = False


def _a(*names):
    return lambda w: [w[n] for n in names]


# Every named URL outside the admin: its method(s) and who gets through.
URLS = {
    "home": [Access("get", SIGNED_IN)],
    "healthz": [Access("get", EVERYONE)],
    "login": [Access("get", EVERYONE)],
    "logout": [Access("post", EVERYONE, ends_at_login=True)],
    "set_language": [Access("post", EVERYONE, data={"language": "en"})],
    "campaigns:plan_current": [Access("get", SIGNED_IN)],
    "campaigns:plan_detail": [Access("get", SIGNED_IN, _a("plan_code"))],
    # Copying a plan into the next phase and confirming a copy: a page that explains, then the POST.
    "campaigns:plan_copy": [Access("get", OFFICERS, _a("plan_code")), Access("post", OFFICERS, _a("plan_code"))],
    "campaigns:plan_confirm": [Access("get", OFFICERS, _a("plan_code")), Access("post", OFFICERS, _a("plan_code"))],
    "agencies:agency_list": [Access("get", SIGNED_IN)],
    "agencies:agency_detail": [Access("get", SIGNED_IN, _a("agency_b_code"))],
    # Activity reports of agency A, each in the state its step needs.
    "reports:my_reports": [Access("get", AGENCY_STAFF)],
    # The report pages' service worker and app manifest: no data, the worker only caches what its user opens.
    "reports:service_worker": [Access("get", EVERYONE)],
    "reports:manifest": [Access("get", EVERYONE)],
    # Their own agency's report (no ``agency``), or agency A's named: only A's staff (and those acting for A).
    "reports:report_start": [
        Access("post", AGENCY_STAFF, _a("period_code")),
        Access("post", A_STAFF, _a("period_code"), lambda w: {"agency": w["users"]["clerk_a"].agency_id}),
    ],
    "reports:inbox": [Access("get", DASHBOARDS)],
    "reports:behind": [Access("get", DASHBOARDS)],
    "reports:late_remind": [Access("post", REVIEWERS, _a("period_code"))],
    "reports:queue": [Access("get", REVIEWERS | {"head_a"})],
    "reports:board": [Access("get", DASHBOARDS)],
    "reports:late": [Access("get", DASHBOARDS, _a("period_code"))],
    "reports:report_detail": [
        Access("get", DRAFT_READERS, _a("draft")),
        Access("get", SUBMITTED_READERS, _a("submitted")),
        Access("get", ACCEPTED_READERS, _a("accepted")),
    ],
    "reports:report_edit": [Access("get", A_STAFF, _a("draft")), Access("post", A_STAFF, _a("draft"))],
    "reports:report_submit": [Access("post", A_STAFF, _a("draft"))],
    "reports:report_save_and_submit": [Access("post", A_STAFF, _a("draft"))],
    "reports:report_approve": [Access("post", frozenset({"head_a"}), _a("awaiting"))],
    "reports:report_send_back": [Access("post", frozenset({"head_a"}), _a("awaiting"), {"reason": "Bổ sung"})],
    "reports:report_accept": [Access("post", REVIEWERS, _a("submitted"))],
    "reports:report_return": [Access("post", REVIEWERS, _a("submitted"), {"reason": "Thiếu số liệu"})],
    "reports:report_reopen": [Access("post", REVIEWERS, _a("accepted"), {"reason": "Sửa số liệu"})],
    "reports:evidence_add": [Access("post", A_STAFF, _a("draft"))],
    "reports:evidence_delete": [Access("post", A_STAFF, _a("draft", "evidence"))],
    "reports:evidence_file": [Access("get", DRAFT_READERS, _a("draft", "evidence"))],
    "reports:xlsx_template": [Access("get", DRAFT_READERS, _a("draft"))],
    "reports:xlsx_upload": [Access("post", A_STAFF, _a("draft"))],
    "reports:xlsx_apply": [Access("post", A_STAFF, _a("draft"))],
    "reports:report_attributions": [Access("get", A_STAFF, _a("draft")), Access("post", A_STAFF, _a("draft"))],
    # The province report: a done version that is not issued (leadership reads issued ones only).
    "compiled:dashboard": [Access("get", DASHBOARDS)],
    "compiled:heat_export": [Access("get", DASHBOARDS)],
    "compiled:period": [Access("get", DASHBOARDS, _a("period_code"))],
    "compiled:compile": [Access("post", REVIEWERS, _a("period_code"))],
    "compiled:progress": [Access("get", REVIEWERS, _a("compiled"))],
    "compiled:retry": [Access("post", REVIEWERS, _a("compiled"))],
    "compiled:issue": [Access("post", REVIEWERS, _a("compiled"))],
    "compiled:download": [Access("get", REVIEWERS, lambda w: [w["compiled"], "docx"])],
    # The register: agency A's proposal.
    "honourees:list": [Access("get", AGENCY_STAFF | PROVINCE)],
    "honourees:export": [Access("get", frozenset({"reviewer", "officer", "leader", "admin"}))],
    "honourees:create": [Access("get", AGENCY_STAFF | OFFICERS), Access("post", AGENCY_STAFF | OFFICERS)],
    "honourees:detail": [Access("get", A_READERS, _a("proposal"))],
    "honourees:edit": [
        Access("get", A_STAFF | OFFICERS, _a("proposal")),
        Access("post", A_STAFF | OFFICERS, _a("proposal")),
    ],
    "honourees:photo": [Access("get", A_READERS, _a("proposal"))],
    "honourees:commendation_add": [Access("get", OFFICERS, _a("proposal")), Access("post", OFFICERS, _a("proposal"))],
    "honourees:step": [
        Access("post", OFFICERS, lambda w: [w["proposal"], "verify"]),
        Access("post", OFFICERS, lambda w: [w["proposal"], "reject"], {"reason": "Không đủ điều kiện"}),
    ],
    "honourees:report_coverage": [
        Access("get", DRAFT_READERS, _a("draft")),
        Access("get", ACCEPTED_READERS, _a("accepted")),
        Access("post", A_STAFF, _a("draft")),
    ],
    "honourees:coverage_remove": [Access("post", A_STAFF, _a("coverage"))],
    # The pipeline: support for agency A's proposal; replication and portals once published (portals: officers).
    "honourees:nurture_add": [
        Access("get", A_STAFF | OFFICERS, _a("proposal")),
        Access("post", A_STAFF | OFFICERS, _a("proposal")),
    ],
    "honourees:replication_add": [
        Access("get", A_STAFF | OFFICERS, _a("published")),
        Access("post", A_STAFF | OFFICERS, _a("published")),
    ],
    "honourees:dispatch_add": [Access("get", OFFICERS, _a("published")), Access("post", OFFICERS, _a("published"))],
    # Guidance (duties): an issued one sent to agency A only, and a draft; the reviewers draft, issue and remind.
    "duties:guidance_list": [Access("get", AGENCY_STAFF | PROVINCE)],
    "duties:guidance_create": [Access("get", REVIEWERS), Access("post", REVIEWERS)],
    "duties:guidance_detail": [
        Access("get", A_STAFF | PROVINCE, _a("guidance")),
        Access("get", REVIEWERS, _a("guidance_draft")),
    ],
    "duties:guidance_edit": [
        Access("get", REVIEWERS, _a("guidance_draft")),
        Access("post", REVIEWERS, _a("guidance_draft")),
    ],
    "duties:guidance_issue": [Access("post", REVIEWERS, _a("guidance_draft"))],
    "duties:guidance_acknowledge": [Access("post", A_STAFF, _a("guidance"))],
    "duties:guidance_remind": [Access("post", REVIEWERS, _a("guidance"))],
    "duties:attachment_add": [Access("post", REVIEWERS, _a("guidance_draft"))],
    "duties:attachment_file": [Access("get", A_STAFF | PROVINCE, _a("guidance", "guidance_attachment"))],
    "duties:report_guidance": [Access("get", DRAFT_READERS, _a("draft")), Access("post", A_STAFF, _a("draft"))],
    "duties:report_link_remove": [Access("post", A_STAFF, _a("guidance_link"))],
    # Press orders: one to agency A (a press agency); the reviewers order.
    "duties:order_list": [Access("get", AGENCY_STAFF | PROVINCE)],
    "duties:order_create": [Access("get", REVIEWERS), Access("post", REVIEWERS)],
    "duties:order_detail": [Access("get", A_STAFF | PROVINCE, _a("order"))],
    # Content agency B provided to agency A (the press): both agencies' staff and the province read it; A marks it used.
    "duties:content_list": [Access("get", AGENCY_STAFF | PROVINCE)],
    "duties:content_create": [Access("get", AGENCY_STAFF), Access("post", AGENCY_STAFF)],
    "duties:content_detail": [Access("get", AGENCY_STAFF | PROVINCE, _a("content"))],
    "duties:content_used": [Access("post", A_STAFF, _a("content"))],
    "duties:content_file": [Access("get", AGENCY_STAFF | PROVINCE, _a("content"))],
    # The public portal: published honourees only, to everyone.
    "portal:list": [Access("get", EVERYONE)],
    "portal:feed": [Access("get", EVERYONE)],
    "portal:export": [Access("get", EVERYONE)],
    "portal:detail": [Access("get", EVERYONE, _a("published_slug")), Access("get", NOBODY, _a("proposal_slug"))],
    "portal:photo": [Access("get", EVERYONE, _a("published_slug")), Access("get", NOBODY, _a("proposal_slug"))],
}

# Models in the Django admin: who may open their list. The admin is the
# emulation officer's (Home Affairs) and the administrator's, nobody else's.
ADMIN_MODELS = {
    "agencies.administrativeunit": OFFICERS,
    "agencies.agency": OFFICERS,
    "agencies.emulationbloc": OFFICERS,
    "agencies.succession": OFFICERS,  # a read-only list; recorded on the agency's page
    "agencies.user": frozenset({"admin"}),  # e-mails and last log-ins: administrators only
    "auth.group": frozenset({"admin"}),
    "axes.accessattempt": frozenset({"admin"}),
    "axes.accessfailurelog": frozenset({"admin"}),
    "axes.accesslog": frozenset({"admin"}),
    "campaigns.channel": OFFICERS,
    "campaigns.dutygroup": OFFICERS,
    "campaigns.movement": OFFICERS,
    "campaigns.occasion": OFFICERS,
    "campaigns.plan": OFFICERS,
    "campaigns.theme": OFFICERS,
    "duties.guidance": frozenset({"admin"}),
    "duties.guidancereport": frozenset({"admin"}),
    "duties.pressorder": frozenset({"admin"}),
    "duties.contentprovision": frozenset({"admin"}),
    "django_celery_beat.clockedschedule": frozenset({"admin"}),
    "django_celery_beat.crontabschedule": frozenset({"admin"}),
    "django_celery_beat.intervalschedule": frozenset({"admin"}),
    "django_celery_beat.periodictask": frozenset({"admin"}),
    "django_celery_beat.solarschedule": frozenset({"admin"}),
    "honourees.commendation": OFFICERS,
    "honourees.ethnicgroup": OFFICERS,
    "honourees.honouree": OFFICERS,
    "honourees.honoureecoverage": OFFICERS,
    "honourees.nurtureaction": OFFICERS,
    "honourees.portaldispatch": OFFICERS,
    "honourees.replication": OFFICERS,
    "reports.activityreport": frozenset({"admin"}),
    "province.compiledreport": frozenset({"admin"}),
    "province.documentdefaults": frozenset({"admin"}),
    "reports.digestlog": frozenset({"admin"}),
    "reports.holiday": frozenset({"admin"}),
    "reports.reminderlog": frozenset({"admin"}),
    "reports.reportingperiod": frozenset({"admin"}),
}


def _url_names(patterns, namespace=None):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace if entry.namespace is None else entry.namespace
            if inner == "admin":
                continue
            yield from _url_names(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            name = entry.name or f"<unnamed {entry.pattern}>"
            yield f"{namespace}:{name}" if namespace else name


def test_every_url_is_classified():
    """A URL added without an entry in ``URLS`` (who may use it) fails here."""
    found = set(_url_names(get_resolver().url_patterns))
    assert found - set(URLS) == set(), "classify these URLs in tests/core/test_url_access.py"
    assert set(URLS) - found == set(), "these classified URLs no longer exist"


def test_every_admin_model_is_classified():
    registered = {f"{m._meta.app_label}.{m._meta.model_name}" for m in admin.site._registry}
    assert registered == set(ADMIN_MODELS)


def test_media_is_never_served_directly(client, world):
    """Uploaded files exist only behind the views that check access: no URL serves MEDIA_ROOT."""
    evidence = Evidence.objects.get(pk=world["evidence"])
    client.force_login(world["users"]["admin"])
    assert client.get(f"/media/{evidence.file.name}").status_code == 404
    assert all("media" not in str(p.pattern) for p in get_resolver().url_patterns)


LOGIN_PATHS = ("/accounts/login/", "/admin/login/")


def _got_through(response):
    """Past the access checks: not refused (403, 404, 405), not sent to a login page, no server error."""
    assert response.status_code < 500, response
    if response.status_code in (403, 404, 405):
        return False
    return not (response.status_code == 302 and response["Location"].startswith(LOGIN_PATHS))


def _cases():
    for name, accesses in URLS.items():
        for index in range(len(accesses)):
            for role in ROLES:
                yield pytest.param(name, index, role, id=f"{name}[{index}]-{role}")


@pytest.mark.parametrize(("name", "index", "role"), list(_cases()))
def test_url_against_role(client, world, name, index, role):
    access = URLS[name][index]
    url = reverse(name, args=access.args(world) if access.args else None)
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    data = access.data(world) if callable(access.data) else access.data
    response = getattr(client, access.method)(url, data)
    if access.ends_at_login:
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN_PATHS)
        return
    assert _got_through(response) == (role in access.allowed), (url, response.status_code)


POST_URLS = [(name, i) for name, accesses in URLS.items() for i, a in enumerate(accesses) if a.method == "post"]


@pytest.mark.parametrize(("name", "index"), POST_URLS, ids=[f"{n}[{i}]" for n, i in POST_URLS])
def test_post_needs_the_csrf_token(world, name, index):
    """No view is exempt from CSRF protection: a POST without the token is refused before the view."""
    access = URLS[name][index]
    client = Client(enforce_csrf_checks=True)
    allowed = sorted(access.allowed - {ANONYMOUS}) or ["admin"]
    client.force_login(world["users"][allowed[0]])
    data = access.data(world) if callable(access.data) else access.data
    response = client.post(reverse(name, args=access.args(world) if access.args else None), data)
    assert response.status_code == 403


STATE_CHANGES = sorted({name for name, accesses in URLS.items() for a in accesses if a.method == "post"})
# Pages that show a form (or, for the language switch, only redirect) on GET and change state only on POST.
FORM_PAGES = {
    "login",
    "set_language",
    "reports:report_edit",
    "reports:report_attributions",
    "honourees:create",
    "honourees:edit",
    "honourees:commendation_add",
    "honourees:report_coverage",
    "honourees:nurture_add",
    "honourees:replication_add",
    "honourees:dispatch_add",
    "duties:guidance_create",
    "duties:guidance_edit",
    "duties:report_guidance",
    "duties:order_create",
    "duties:content_create",
    "campaigns:plan_copy",  # GET: what the copy will do; POST: the copy
    "campaigns:plan_confirm",  # GET: what confirming means; POST: the confirmation
}


@pytest.mark.parametrize("name", sorted(set(STATE_CHANGES) - FORM_PAGES))
def test_state_changes_refuse_get(client, world, name):
    """A link (GET) can never change anything: the URL answers 405 to a user allowed to POST to it."""
    access = next(a for a in URLS[name] if a.method == "post")
    allowed = sorted(access.allowed - {ANONYMOUS}) or ["admin"]
    client.force_login(world["users"][allowed[0]])
    response = client.get(reverse(name, args=access.args(world) if access.args else None))
    assert response.status_code == 405


@pytest.mark.parametrize("role", ROLES)
def test_admin_pages_by_role(client, world, role):
    """The admin index and every model's list: only the officer (their models) and the administrator."""
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    index = client.get(reverse("admin:index"))
    assert _got_through(index) == (role in OFFICERS)
    refused = []
    for label, allowed in ADMIN_MODELS.items():
        app_label, model_name = label.split(".")
        response = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
        if _got_through(response) != (role in allowed):
            refused.append((label, response.status_code))
    assert refused == []


def test_a_stray_staff_flag_does_not_open_the_admin(client, agency_a):
    """A clerk who was given is_staff by mistake (and a permission) still does not reach the admin."""
    from django.contrib.auth.models import Permission

    clerk = UserFactory(username="clerk_staff", agency=agency_a, roles=[r.CLERK])
    clerk.is_staff = True
    clerk.save(update_fields=["is_staff"])
    clerk.user_permissions.add(Permission.objects.get(codename="view_honouree"))
    client.force_login(clerk)
    assert not _got_through(client.get(reverse("admin:index")))
    assert not _got_through(client.get(reverse("admin:honourees_honouree_changelist")))
