# ruff: noqa: S311 — deterministic pseudo-random benchmark data, not secrets
"""Synthetic honourees of the synthetic agencies, with commendations and press coverage in their reports."""

import datetime
import random
from dataclasses import dataclass

from agencies.models import AdministrativeUnit
from campaigns.models import Metric, Movement
from campaigns.selectors import current_plan
from core.text import fold
from core.text import slug as ascii_slug
from honourees.models import Commendation, EthnicGroup, Honouree, HonoureeCoverage

from .marks import AGENCY_PREFIX, SLUG_PREFIX, at
from .words import DISTRICT_WORDS, FAMILY, GIVEN, MIDDLE

STATUS_WEIGHTS = [
    (Honouree.Status.PUBLISHED, 45),
    (Honouree.Status.VERIFIED, 20),
    (Honouree.Status.PROPOSED, 25),
    (Honouree.Status.NEEDS_INFO, 5),
    (Honouree.Status.REJECTED, 5),
]
ACHIEVEMENT = "Có thành tích xuất sắc trong phong trào thi đua yêu nước"


@dataclass(frozen=True)
class Choices:
    """What an honouree's ethnic group, movement and unit are drawn from."""

    groups: list
    movements: list
    units: list

    @classmethod
    def load(cls):
        groups = list(EthnicGroup.objects.filter(in_province=True)) or list(EthnicGroup.objects.all()) or [None]
        return cls(
            groups=groups,
            movements=[*Movement.objects.all(), None],
            units=list(AdministrativeUnit.objects.order_by("code")),
        )


def seed_honourees(agencies, reports_by_agency, *, seed, per_agency, seed_user):
    """``per_agency`` honourees for each synthetic agency; how many there are now."""
    rng = random.Random(f"{seed}:honourees")
    choices = Choices.load()
    channels = list(Metric.objects.filter(channel__plan=current_plan()).values_list("channel_id", flat=True))
    honourees = []
    n = 0
    for agency in agencies:
        if not agency.code.startswith(AGENCY_PREFIX):
            continue
        for _ in range(per_agency):
            n += 1
            honourees.append(synthetic_honouree(n, agency, rng, choices, seed_user))
    Honouree.objects.bulk_create(honourees, batch_size=500)
    saved = list(Honouree.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug"))
    commendations, coverage = [], []
    for i, honouree in enumerate(saved):
        if honouree.status in (Honouree.Status.VERIFIED, Honouree.Status.PUBLISHED) and rng.random() < 0.6:
            commendations.append(_commendation(i, honouree, rng, seed_user))
        reports = reports_by_agency.get(honouree.proposing_agency_id) or []
        if reports and channels and rng.random() < 0.4:
            coverage.append(
                HonoureeCoverage(
                    honouree=honouree,
                    report_id=rng.choice(reports),
                    channel_id=rng.choice(channels),
                    note="Phóng sự giới thiệu điển hình",
                    added_by=seed_user,
                )
            )
    Commendation.objects.bulk_create(commendations, batch_size=500)
    HonoureeCoverage.objects.bulk_create(coverage, batch_size=500)
    return len(saved)


def synthetic_honouree(n, agency, rng, choices, seed_user):
    """The ``n``-th synthetic honouree (unsaved), proposed by ``agency``."""
    kind = Honouree.Kind.COLLECTIVE if rng.random() < 0.2 else Honouree.Kind.INDIVIDUAL
    if kind == Honouree.Kind.INDIVIDUAL:
        name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
    else:
        name = f"Tổ hợp tác {rng.choice(GIVEN)} {rng.choice(DISTRICT_WORDS)}"
    status = rng.choices([s for s, _w in STATUS_WEIGHTS], weights=[w for _s, w in STATUS_WEIGHTS])[0]
    group = rng.choice(choices.groups)
    movement = rng.choice(choices.movements)
    unit = rng.choice(choices.units)
    published = status == Honouree.Status.PUBLISHED
    honouree = Honouree(
        kind=kind,
        category=rng.choice(Honouree.Category.values),
        name=name,
        slug=f"{SLUG_PREFIX}{n:05d}-{ascii_slug(name)}"[:220],
        ethnic_group=group,
        position="Nông dân sản xuất giỏi" if kind == Honouree.Kind.INDIVIDUAL else "",
        workplace=agency.name,
        unit=unit,
        field=rng.choice(Honouree.Field.values),
        movement=movement,
        summary="Điển hình tiên tiến trong phong trào thi đua yêu nước.",
        story="Có nhiều cách làm hay, sáng tạo, được nhân dân tin yêu. " * rng.randint(2, 6),
        consent_to_publish=published or rng.random() < 0.5,
        status=status,
        status_reason="Chưa đủ minh chứng." if status == Honouree.Status.REJECTED else "",
        proposing_agency=agency,
        proposed_by=seed_user,
        published_at=at(datetime.date(2024, 1, 1) + datetime.timedelta(days=n % 600), rng) if published else None,
    )
    honouree.name_folded = fold(name)
    parts = [name, honouree.position, honouree.workplace, honouree.summary, unit.name]
    if group is not None:
        parts += [group.name, group.other_names]
    if movement is not None:
        parts.append(movement.name)
    honouree.search_text = fold(" ".join(p for p in parts if p))[:1000]
    return honouree


def _commendation(i, honouree, rng, seed_user):
    return Commendation(
        honouree=honouree,
        form=rng.choice(Commendation.Form.values),
        achievement=ACHIEVEMENT,
        achievement_folded=fold(ACHIEVEMENT),
        decision_number=f"{1000 + i}/QĐ-UBND",
        decision_date=datetime.date(2021 + i % 5, 1 + i % 12, 1 + i % 28),
        issuing_authority="UBND tỉnh Lào Cai",
        recorded_by=seed_user,
    )
