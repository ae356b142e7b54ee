"""Guidance (định hướng tuyên truyền): issuing, recipients, acknowledgements, access, reminders, report links."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Metric
from duties import selectors, services
from duties.models import Guidance, GuidanceAttachment, GuidanceReport
from reports.models import ActivityReport
from tests.reports.factories import PeriodFactory, ReportFactory

from .conftest import make_guidance

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _ack(client, user, guidance):
    client.force_login(user)
    return client.post(reverse("duties:guidance_acknowledge", args=[guidance.pk]))


def _form_data(**overrides):
    today = timezone.localdate()
    data = {
        "number": "12/HD-STTTT",
        "issued_on": today.strftime("%d/%m/%Y"),
        "title": "Định hướng tuyên truyền tháng 6",
        "key_messages": "Kỷ niệm 78 năm Ngày Chủ tịch Hồ Chí Minh ra Lời kêu gọi thi đua ái quốc",
        "occasions": "Ngày Thi đua ái quốc 11/6",
        "valid_from": today.strftime("%d/%m/%Y"),
        "valid_until": (today + datetime.timedelta(days=30)).strftime("%d/%m/%Y"),
        "audience": "all",
    }
    data.update(overrides)
    return data


def test_reviewer_drafts_and_issues_to_every_reporting_agency_but_its_own(client, plan, recipients_world, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("duties:guidance_create"))
    assert page.status_code == 200
    assert "Soạn văn bản định hướng" in page.content.decode()
    response = client.post(reverse("duties:guidance_create"), _form_data(themes=[plan.themes.get(code="ND2").pk]))
    guidance = Guidance.objects.get()
    assert response.status_code == 302
    assert (guidance.issuer, guidance.status, guidance.created_by) == (reviewer.agency, "draft", reviewer)
    assert [t.code for t in guidance.themes.all()] == ["ND2"]
    client.post(reverse("duties:guidance_issue", args=[guidance.pk]))
    guidance.refresh_from_db()
    assert guidance.status == "issued"
    # A, B and C report; the enterprise does not; the issuer does not receive its own guidance.
    assert sorted(guidance.recipients.values_list("agency__code", flat=True)) == ["AGENCY-A", "AGENCY-B", "AGENCY-C"]
    assert guidance.history.first().history_change_reason == "issued"


def test_bad_dates_and_empty_choice_are_refused_beside_the_field(client, plan, recipients_world, reviewer):
    client.force_login(reviewer)
    today = timezone.localdate()
    bad = _form_data(valid_until=(today - datetime.timedelta(days=1)).strftime("%d/%m/%Y"))
    response = client.post(reverse("duties:guidance_create"), bad)
    assert response.status_code == 400
    assert "Ngày kết thúc trước ngày bắt đầu." in response.content.decode()
    response = client.post(reverse("duties:guidance_create"), _form_data(audience="chosen"))
    assert response.status_code == 400
    assert "Chọn ít nhất một loại cơ quan, đơn vị hoặc một cơ quan, đơn vị." in response.content.decode()
    assert not Guidance.objects.exists()


def test_acknowledgement_rate_by_hand(client, issued, clerk_a, head_a, clerk_b, reviewer):
    # 3 recipients. A acknowledges (clerk), then its head again: still one for A. Then B.
    assert _ack(client, clerk_a, issued).status_code == 302
    first = issued.recipients.get(agency=clerk_a.agency)
    _ack(client, head_a, issued)
    again = issued.recipients.get(agency=clerk_a.agency)
    assert (again.acknowledged_by, again.acknowledged_at) == (clerk_a, first.acknowledged_at)
    rows = selectors.guidance_list(Guidance.objects.all())
    assert (rows[0].acknowledged_count, rows[0].recipients_count, rows[0].acknowledged_rate) == (1, 3, 33.3)
    _ack(client, clerk_b, issued)
    client.force_login(reviewer)
    html = client.get(reverse("duties:guidance_list")).content.decode()
    assert f'data-testid="rate-{issued.pk}">2/3 (66,7%)' in html  # 2/3 = 66.67 → 66,7
    detail = client.get(reverse("duties:guidance_detail", args=[issued.pk])).content.decode()
    assert "<strong>2/3</strong> (66,7%)" in detail
    assert "Hội Nông dân tỉnh (thử)" in detail.split('data-testid="waiting"')[1].split("</ul>")[0]


def test_only_recipients_see_issued_guidance(client, plan, agency_a, agency_b, agency_c, clerk_a, clerk_b, reviewer):
    chosen = make_guidance(plan, reviewer.agency, audience=Guidance.Audience.CHOSEN, recipient_kinds=["press"])
    chosen.recipient_agencies.add(agency_c)
    client.force_login(clerk_a)
    assert client.get(reverse("duties:guidance_detail", args=[chosen.pk])).status_code == 404  # a draft
    services.guidance_issue(guidance=chosen, user=reviewer)
    assert sorted(chosen.recipients.values_list("agency__code", flat=True)) == ["AGENCY-A", "AGENCY-C"]
    page = client.get(reverse("duties:guidance_detail", args=[chosen.pk]))
    assert page.status_code == 200
    assert 'data-testid="acknowledge"' in page.content.decode()
    # B (a district People's Committee) was not chosen: 404 on the page, on acknowledging, in the list.
    client.force_login(clerk_b)
    assert client.get(reverse("duties:guidance_detail", args=[chosen.pk])).status_code == 404
    assert _ack(client, clerk_b, chosen).status_code == 404
    assert chosen.number not in client.get(reverse("duties:guidance_list")).content.decode()
    # A clerk may neither draft nor issue.
    client.force_login(clerk_a)
    assert client.get(reverse("duties:guidance_create")).status_code == 403
    assert client.post(reverse("duties:guidance_remind", args=[chosen.pk])).status_code == 403


def test_issuing_with_no_recipient_is_refused(plan, reviewer, agency_b):
    guidance = make_guidance(plan, reviewer.agency, audience=Guidance.Audience.CHOSEN, recipient_kinds=["school"])
    with pytest.raises(services.ValidationError):
        services.guidance_issue(guidance=guidance, user=reviewer)
    guidance.refresh_from_db()
    assert (guidance.status, guidance.recipients.count()) == ("draft", 0)


def test_reminder_once_per_agency_and_day(client, issued, clerk_a, reviewer, mailoutbox):
    client.force_login(reviewer)
    client.post(reverse("duties:guidance_remind", args=[issued.pk]))
    # A (clerk_a, head_a) and B (clerk_b) are e-mailed; C has no user and no address.
    assert sorted(tuple(sorted(m.to)) for m in mailoutbox) == [
        ("clerk_a@example.vn", "head_a@example.vn"),
        ("clerk_b@example.vn",),
    ]
    assert mailoutbox[0].subject == "Nhắc xác nhận đã nhận văn bản định hướng số 01/HD-STTTT"
    assert "Kính gửi:" in mailoutbox[0].body
    client.post(reverse("duties:guidance_remind", args=[issued.pk]))
    assert len(mailoutbox) == 2  # the same day: nothing more
    _ack(client, clerk_a, issued)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert services.send_guidance_reminders(guidance=issued, today=tomorrow) == 1  # B only
    assert mailoutbox[-1].to == ["clerk_b@example.vn"]


def test_home_card_lists_what_waits_for_acknowledgement(client, issued, clerk_a):
    client.force_login(clerk_a)
    html = client.get(reverse("home")).content.decode()
    assert "Có 1 văn bản định hướng chờ cơ quan, đơn vị xác nhận đã nhận." in html
    _ack(client, clerk_a, issued)
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="home-guidance"' in html
    assert "chờ cơ quan, đơn vị xác nhận" not in html


def test_attachments_are_checked_and_served_to_recipients_only(client, plan, recipients_world, reviewer, clerk_a):
    guidance = make_guidance(plan, reviewer.agency, audience=Guidance.Audience.CHOSEN, recipient_kinds=["press"])
    client.force_login(reviewer)
    url = reverse("duties:attachment_add", args=[guidance.pk])
    client.post(url, {"title": "Đề cương", "file": SimpleUploadedFile("de-cuong.txt", b"not a document")})
    assert not GuidanceAttachment.objects.exists()
    client.post(url, {"title": "Đề cương", "file": SimpleUploadedFile("de-cuong.png", PNG)})
    attachment = GuidanceAttachment.objects.get()
    services.guidance_issue(guidance=guidance, user=reviewer)
    file_url = reverse("duties:attachment_file", args=[guidance.pk, attachment.pk])
    client.force_login(clerk_a)
    response = client.get(file_url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PNG
    client.force_login(recipients_world[1].users.get())  # clerk_b: B is not a press agency
    assert client.get(file_url).status_code == 404


def test_clerk_links_a_report_to_guidance_it_answered(client, issued, plan, clerk_a, clerk_b, reviewer):
    today = timezone.localdate()  # a period in which the guidance applies
    days = [today + datetime.timedelta(days=n) for n in (-10, 20, 27, 50)]
    period = PeriodFactory(plan=plan, start=days[0], end=days[1], deadline=days[2], lock_date=days[3])
    report = ReportFactory(agency=clerk_a.agency, period=period, created_by=clerk_a)
    other = make_guidance(plan, reviewer.agency, number="02/HD-STTTT", audience=Guidance.Audience.CHOSEN)
    other.recipient_agencies.add(clerk_b.agency)
    services.guidance_issue(guidance=other, user=reviewer)
    url = reverse("duties:report_guidance", args=[report.pk])
    client.force_login(clerk_a)
    detail = client.get(reverse("duties:guidance_detail", args=[issued.pk])).content.decode()
    assert f'href="{url}">{period.label}</a>' in detail  # the way from the guidance to the report's page
    page = client.get(url)
    assert page.status_code == 200
    assert "02/HD-STTTT" not in page.content.decode()  # not sent to A: not offered
    assert client.post(url, {"guidance": other.pk}).status_code == 400
    assert client.post(url, {"guidance": issued.pk}).status_code == 302
    assert list(GuidanceReport.objects.values_list("guidance__number", "report_id")) == [("01/HD-STTTT", report.pk)]
    client.force_login(clerk_b)
    assert client.get(url).status_code == 404  # another agency's draft report
    summary = selectors.guidance_in_period(timezone.localdate(), timezone.localdate())
    assert [(g.number, g.reports_count, g.accepted_reports_count) for g in summary["rows"]] == [
        ("01/HD-STTTT", 1, 0),
        ("02/HD-STTTT", 0, 0),
    ]


def test_guidance_in_period_by_hand(plan, recipients_world, reviewer, clerk_a, clerk_b, head_a):
    day = datetime.date(2099, 3, 10)
    first = make_guidance(plan, reviewer.agency, number="01/HD", issued_on=day)  # A, B, C
    second = make_guidance(plan, reviewer.agency, number="02/HD", issued_on=day + datetime.timedelta(days=5))
    second.audience = Guidance.Audience.CHOSEN
    second.save()
    second.recipient_agencies.add(clerk_a.agency, clerk_b.agency)  # A, B
    outside = make_guidance(plan, reviewer.agency, number="03/HD", issued_on=datetime.date(2099, 5, 1))
    make_guidance(plan, reviewer.agency, number="04/HD", issued_on=day)  # a draft: never counted
    for g in (first, second, outside):
        services.guidance_issue(guidance=g, user=reviewer)
    services.acknowledge(recipient=first.recipients.get(agency=clerk_a.agency), user=clerk_a)
    services.acknowledge(recipient=second.recipients.get(agency=clerk_a.agency), user=head_a)
    services.acknowledge(recipient=second.recipients.get(agency=clerk_b.agency), user=clerk_b)
    services.acknowledge(recipient=outside.recipients.get(agency=clerk_b.agency), user=clerk_b)
    summary = selectors.guidance_in_period(datetime.date(2099, 3, 1), datetime.date(2099, 3, 31))
    assert [(g.number, g.acknowledged_count, g.recipients_count, g.acknowledged_rate) for g in summary["rows"]] == [
        ("01/HD", 1, 3, 33.3),
        ("02/HD", 2, 2, 100.0),
    ]
    # Over every recipient of the period's guidance: (1 + 2) / (3 + 2) = 60 %.
    assert (summary["acknowledged"], summary["recipients"], summary["acknowledged_rate"]) == (3, 5, 60.0)


def test_rate_rounds_half_up():
    assert [selectors.rate(1, 3), selectors.rate(2, 3), selectors.rate(1, 8), selectors.rate(0, 0)] == [
        33.3,
        66.7,
        12.5,
        None,
    ]
    assert selectors.rate(1, 16) == 6.3  # 6.25 → 6.3, not the 6.2 of binary rounding


@pytest.mark.parametrize("n", [1, 4])
def test_list_pages_run_a_fixed_number_of_queries(
    client, plan, recipients_world, reviewer, clerk_a, n, django_assert_num_queries
):
    for i in range(n):
        g = make_guidance(plan, reviewer.agency, number=f"{i + 1:02d}/HD")
        services.guidance_issue(guidance=g, user=reviewer)
        services.acknowledge(recipient=g.recipients.get(agency=clerk_a.agency), user=clerk_a)
    for user, expected in ((reviewer, REVIEWER_LIST_QUERIES), (clerk_a, CLERK_LIST_QUERIES)):
        client.force_login(user)
        client.get(reverse("duties:guidance_list"))  # warm the session
        with django_assert_num_queries(expected):
            response = client.get(reverse("duties:guidance_list"))
        assert response.status_code == 200
        assert response.content.decode().count("/HD</a>") == n


@pytest.mark.parametrize("n", [1, 3])
def test_detail_page_runs_a_fixed_number_of_queries(client, plan, reviewer, clerk_a, n, django_assert_num_queries):
    from tests.factories import AgencyFactory, UserFactory

    for i in range(n):
        agency = AgencyFactory(code=f"EXTRA-{i}")
        clerk = UserFactory(username=f"extra{i}", agency=agency, roles=["clerk"])
        if i == 0:
            first_clerk = clerk
    g = services.guidance_issue(guidance=make_guidance(plan, reviewer.agency), user=reviewer)
    services.acknowledge(recipient=g.recipients.get(agency=first_clerk.agency), user=first_clerk)
    client.force_login(reviewer)
    url = reverse("duties:guidance_detail", args=[g.pk])
    client.get(url)
    with django_assert_num_queries(REVIEWER_DETAIL_QUERIES):
        response = client.get(url)
    assert f"<strong>1/{n + 1}</strong>" in response.content.decode()  # n extra agencies and clerk_a's


# session, user, roles, the rows with their counts (one query whatever their number)
REVIEWER_LIST_QUERIES = 4
CLERK_LIST_QUERIES = 4
# session, user, roles, guidance, themes, movements, attachments, recipients, report links
REVIEWER_DETAIL_QUERIES = 9


def test_demo_issues_two_guidance_documents_once(plan, agency_a, agency_b, province_agency):
    from agencies import roles as r
    from duties.demo import _next_anniversary, seed_demo_guidance
    from duties.models import PressOrder
    from tests.factories import AgencyFactory, UserFactory
    from tests.reports.factories import add_figure

    blc = AgencyFactory(code="BLC", name="Báo Lào Cai", kind="press")
    UserFactory(username="reviewer.stttt", agency=province_agency, roles=[r.REVIEWER])
    UserFactory(username="head.baolaocai", agency=blc, roles=[r.AGENCY_HEAD])
    accepted = ReportFactory(
        agency=blc, period=PeriodFactory(plan=plan), status="accepted", submitted_at=timezone.now()
    )
    metrics = list(Metric.objects.filter(channel__plan=plan).order_by("pk"))
    for metric, theme, value in (
        (metrics[0], "ND1", 9),
        (metrics[1], "ND2", 4),
        (metrics[2], "ND3", 7),
        (metrics[0], "ND4", 1),
    ):
        add_figure(accepted, metric, plan.themes.get(code=theme), value)
    assert seed_demo_guidance() == 2
    assert seed_demo_guidance() == 0
    everyone, press = Guidance.objects.order_by("issued_on")
    # To all: A, B and Báo Lào Cai (acknowledged); to the press: A and Báo Lào Cai, not acknowledged.
    assert (everyone.recipients.count(), everyone.recipients.filter(acknowledged_at__isnull=False).count()) == (3, 1)
    assert sorted(press.recipients.values_list("agency__code", flat=True)) == ["AGENCY-A", "BLC"]
    assert not press.recipients.filter(acknowledged_at__isnull=False).exists()
    assert [_next_anniversary(datetime.date(2026, 9, 14)), _next_anniversary(datetime.date(2026, 10, 2))] == [35, 36]
    # The order: the three largest cells (9, 7, 4) at twice what was delivered, each half delivered.
    delivery = selectors.order_delivery(PressOrder.objects.get())
    assert [(r["ordered"], r["delivered"], r["rate"]) for r in delivery["rows"]] == [
        (18, 9, 50.0),
        (8, 4, 50.0),
        (14, 7, 50.0),
    ]
    assert PressOrder.objects.count() == 1  # the second run added none


def test_the_report_page_links_to_the_guidance_it_answered(client, issued, plan, clerk_a, clerk_b, reviewer):
    today = timezone.localdate()
    days = [today + datetime.timedelta(days=n) for n in (-10, 20, 27, 50)]
    period = PeriodFactory(plan=plan, start=days[0], end=days[1], deadline=days[2], lock_date=days[3])
    report = ReportFactory(agency=clerk_a.agency, period=period, created_by=clerk_a)
    url = reverse("reports:report_detail", args=[report.pk])
    client.force_login(clerk_a)
    html = client.get(url).content.decode()
    assert "Báo cáo chưa gắn với văn bản định hướng nào." in html
    assert reverse("duties:report_guidance", args=[report.pk]) in html  # the clerk may add one
    services.report_link_add(guidance=issued, report=report, user=clerk_a)
    html = client.get(url).content.decode()
    assert f'<a href="{reverse("duties:guidance_detail", args=[issued.pk])}">{issued.number}</a>' in html
    ActivityReport.objects.filter(pk=report.pk).update(status="accepted", submitted_at=timezone.now())
    client.force_login(reviewer)  # reads it, changes nothing
    html = client.get(url).content.decode()
    assert issued.number in html
    assert reverse("duties:report_guidance", args=[report.pk]) not in html
