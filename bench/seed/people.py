# ruff: noqa: S311 — deterministic pseudo-random benchmark data, not secrets
"""The reporting agencies (the real ones plus ``SYN-…``) and the synthetic users who sign in to them."""

import random

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from agencies import roles as r
from agencies.models import AdministrativeUnit, Agency, User
from core.text import fold

from .marks import AGENCY_PREFIX, PASSWORD, SEED_USER, USER_PREFIX
from .words import DISTRICT_WORDS, SYNTHETIC_KINDS

AGENCY_FIELDS = ["name", "short_name", "kind", "unit", "must_report", "report_frequency", "head_approval_required"]


def marker_user():
    """The inactive user every synthetic report is created by."""
    user, _ = User.objects.get_or_create(
        username=SEED_USER, defaults={"full_name": "Dữ liệu tổng hợp (benchmark)", "is_active": False}
    )
    return user


def reporting_agencies(*, seed, count, synthetic=1):
    """``count`` reporting agencies: the real ones first, then at least ``synthetic`` synthetic ones, in code
    order (the real ones are cut when there are more than ``count - synthetic``: 143 since the 2025 communes)."""
    real = list(Agency.objects.reporting().exclude(code__startswith=AGENCY_PREFIX).order_by("code"))
    n_synthetic = max(count - len(real), synthetic)
    real = real[: count - n_synthetic]
    districts = list(AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.DISTRICT).order_by("code"))
    if not districts:
        districts = list(AdministrativeUnit.objects.order_by("code"))
    rng = random.Random(f"{seed}:agencies")
    existing = {a.code: a.pk for a in Agency.objects.filter(code__startswith=AGENCY_PREFIX)}
    new, changed = [], []
    for n in range(1, n_synthetic + 1):
        agency = synthetic_agency(n, districts[n % len(districts)], rng)
        if agency.code in existing:  # made by an earlier run: brought back to this definition
            agency.pk = existing[agency.code]
            changed.append(agency)
        else:
            new.append(agency)
    Agency.objects.bulk_update(changed, [*AGENCY_FIELDS, "email", "search_text"], batch_size=500)
    Agency.objects.bulk_create(new, batch_size=500)
    synthetic = list(Agency.objects.filter(code__startswith=AGENCY_PREFIX).order_by("code")[:n_synthetic])
    return real + synthetic


def synthetic_agency(n, unit, rng):
    """The ``n``-th synthetic agency (unsaved): ``SYN-000n``, of a kind and district by turns."""
    code = f"{AGENCY_PREFIX}{n:04d}"
    kind, name, short = SYNTHETIC_KINDS[n % len(SYNTHETIC_KINDS)]
    district = DISTRICT_WORDS[n % len(DISTRICT_WORDS)]
    agency = Agency(
        code=code,
        name=name.format(n=n, d=district),
        short_name=short.format(n=n, d=district),
        kind=kind,
        unit=unit,
        must_report=True,
        # Most synthetic agencies report monthly; every 25th quarterly.
        report_frequency=Agency.Frequency.QUARTERLY if n % 25 == 0 else Agency.Frequency.MONTHLY,
        head_approval_required=rng.random() < 0.1,
        email=f"{code.lower()}@example.vn",
    )
    agency.search_text = fold(f"{agency.name} {agency.short_name} {agency.code}")
    return agency


def users(agencies):
    """A clerk per synthetic agency (``syn-clerk-0001``…) and one user per province role (``syn-password``)."""
    password = make_password(PASSWORD)
    wanted = []
    for agency in agencies:
        if agency.code.startswith(AGENCY_PREFIX):
            number = agency.code[len(AGENCY_PREFIX) :]
            wanted.append((f"{USER_PREFIX}clerk-{number}", agency, r.CLERK))
    province = Agency.objects.filter(kind=Agency.Kind.IC_DEPARTMENT).first()
    home_affairs = Agency.objects.filter(kind=Agency.Kind.HOME_AFFAIRS).first()
    wanted += [
        (f"{USER_PREFIX}reviewer", province, r.REVIEWER),
        (f"{USER_PREFIX}officer", home_affairs, r.EMULATION_OFFICER),
        (f"{USER_PREFIX}leader", None, r.LEADERSHIP),
    ]
    existing = set(User.objects.filter(username__startswith=USER_PREFIX).values_list("username", flat=True))
    new = [
        User(username=name, password=password, agency=agency, full_name=f"Người dùng tổng hợp {name[4:]}")
        for name, agency, _role in wanted
        if name not in existing
    ]
    User.objects.bulk_create(new, batch_size=500)
    r.sync_roles()
    groups = dict(Group.objects.values_list("name", "pk"))
    ids = dict(User.objects.filter(username__in=[w[0] for w in wanted]).values_list("username", "pk"))
    through = User.groups.through
    through.objects.filter(user_id__in=ids.values()).delete()
    through.objects.bulk_create(
        [through(user_id=ids[name], group_id=groups[role]) for name, _agency, role in wanted], batch_size=500
    )
