"""Load plans from ``campaigns/data/plans/*.yaml`` (see the 2021–2025 file for the format)."""

from pathlib import Path

from agencies.models import Agency
from core.datafiles import DataFileError, Entry, read_yaml, upsert

from .models import (
    Channel,
    Duty,
    DutyGroup,
    LegalBasis,
    Metric,
    Movement,
    Objective,
    Occasion,
    Plan,
    Recipient,
    Theme,
)

DATA_DIR = Path(__file__).resolve().parent / "data" / "plans"


def load_plans(*, data_dir: Path | None = None, stdout=None) -> list[Plan]:
    """Create or update every plan in the data files, with all its items.

    Items are matched by their code, or by their position for the plain lists
    (purposes, requirements, recipients, legal bases, duties), so running it
    twice changes nothing; items no longer in a file are removed from its plan.
    Agencies named by duties must exist (load agencies first). Raises
    ``DataFileError`` naming the file and entry at the first malformed entry.
    """
    plans = [_load_plan(read_yaml(path)) for path in sorted((data_dir or DATA_DIR).glob("*.yaml"))]
    if stdout is not None:
        for plan in plans:
            stdout.write(f"Plan {plan.code}: {plan.title}")
    return plans


def _agencies(entry: Entry, key: str) -> list[Agency]:
    codes = entry.str_list(key, required=False)
    found = {a.code: a for a in Agency.objects.filter(code__in=codes)}
    missing = [code for code in codes if code not in found]
    if missing:
        raise DataFileError(f"{entry.where}: '{key}' names unknown agencies: {', '.join(missing)}")
    return [found[code] for code in codes]


def _sync_ordered(model, plan_field: dict, rows: list[dict]):
    """Make the ordered children of a parent exactly ``rows``, matched by position."""
    for order, values in enumerate(rows, start=1):
        upsert(model, {**plan_field, "order": order}, values)
    model.objects.filter(**plan_field, order__gt=len(rows)).delete()


def _load_plan(root: Entry) -> Plan:
    """Create or update one plan from its file, then each of its parts in the order of the document."""
    plan = _plan(root)
    _legal_bases(plan, root)
    _objectives_and_recipients(plan, root)
    _themes(plan, root)
    _channels(plan, root)
    _duty_groups(plan, root)
    _movements(plan, root)
    _occasions(plan, root)
    return plan


def _plan(root: Entry) -> Plan:
    start_year = root.int("start_year")
    end_year = root.int("end_year")
    if end_year < start_year:
        raise DataFileError(f"{root.where}: end_year {end_year} is before start_year {start_year}")
    signer = root.mapping("signer")
    # The number and date only when the file gives them: an officer may have entered them in the admin.
    cited = {}
    if root.data.get("number"):
        cited["number"] = root.str("number", max_length=60)
    if root.data.get("issued_on"):
        cited["issued_on"] = root.date("issued_on")
    plan, _ = upsert(
        Plan,
        {"code": root.str("code", max_length=60)},
        {
            "title": root.str("title", max_length=500),
            "issuing_body": root.str("issuing_body"),
            "issuing_body_short": root.str("issuing_body_short"),
            "start_year": start_year,
            "end_year": end_year,
            "preamble": root.str("preamble", required=False),
            "closing": root.str("closing", required=False),
            "propaganda_time": root.str("propaganda_time", required=False),
            "signer_authority": signer.str("authority"),
            "signer_capacity": signer.str("capacity", required=False),
            "signer_title": signer.str("title"),
            "signer_name": signer.str("name"),
            **cited,
        },
    )
    return plan


def _legal_bases(plan: Plan, root: Entry) -> None:
    _sync_ordered(
        LegalBasis,
        {"plan": plan},
        [
            {
                "kind": e.str("kind"),
                "number": e.str("number"),
                "date": e.date("date", required=True),
                "issuer": e.str("issuer"),
                "summary": e.str("summary", required=False),
            }
            for e in root.entries("legal_basis")
        ],
    )


def _objectives_and_recipients(plan: Plan, root: Entry) -> None:
    for kind, key in ((Objective.Kind.PURPOSE, "purposes"), (Objective.Kind.REQUIREMENT, "requirements")):
        _sync_ordered(Objective, {"plan": plan, "kind": kind}, [{"text": t} for t in root.str_list(key)])
    _sync_ordered(Recipient, {"plan": plan}, [{"text": t} for t in root.str_list("recipients")])


def _section_values(e: Entry, order: int) -> dict:
    """The fields a theme and a channel share (``PlanSection``), but the code."""
    return {
        "order": order,
        "short_name": e.str("short_name", max_length=200),
        "short_name_en": e.str("short_name_en", required=False, max_length=200),
        "text": e.str("text"),
    }


def _themes(plan: Plan, root: Entry) -> None:
    theme_codes = []
    for order, e in enumerate(root.entries("themes"), start=1):
        code = e.str("code", max_length=20)
        theme_codes.append(code)
        upsert(Theme, {"plan": plan, "code": code}, _section_values(e, order))
    _check_unique(root.where, "themes", theme_codes)
    plan.themes.exclude(code__in=theme_codes).delete()


def _channels(plan: Plan, root: Entry) -> None:
    channel_codes = []
    for order, e in enumerate(root.entries("channels"), start=1):
        code = e.str("code", max_length=20)
        channel_codes.append(code)
        channel, _ = upsert(Channel, {"plan": plan, "code": code}, _section_values(e, order))
        _metrics(channel, e)
    _check_unique(root.where, "channels", channel_codes)
    plan.channels.exclude(code__in=channel_codes).delete()


def _metrics(channel: Channel, e: Entry) -> None:
    metric_codes = []
    for m_order, m in enumerate(e.entries("metrics"), start=1):
        m_code = m.str("code", max_length=40)
        metric_codes.append(m_code)
        upsert(
            Metric,
            {"channel": channel, "code": m_code},
            {
                "order": m_order,
                "name": m.str("name", max_length=200),
                "name_en": m.str("name_en", required=False, max_length=200),
                "unit": m.str("unit", max_length=50),
            },
        )
    _check_unique(e.where, "metrics", metric_codes)
    channel.metrics.exclude(code__in=metric_codes).delete()


def _duty_groups(plan: Plan, root: Entry) -> None:
    group_codes = []
    for order, e in enumerate(root.entries("duty_groups"), start=1):
        code = e.str("code", max_length=20)
        group_codes.append(code)
        kinds = e.str_list("responsible_kinds", required=False)
        unknown = sorted(set(kinds) - set(Agency.Kind.values))
        if unknown:
            raise DataFileError(f"{e.where}: unknown agency kinds: {', '.join(unknown)}")
        group, _ = upsert(
            DutyGroup,
            {"plan": plan, "code": code},
            {"order": order, "responsible": e.str("responsible", max_length=300), "responsible_kinds": kinds},
        )
        group.responsible_agencies.set(_agencies(e, "responsible_agencies"))
        _duties(group, e)
    _check_unique(root.where, "duty_groups", group_codes)
    plan.duty_groups.exclude(code__in=group_codes).delete()


def _duties(group: DutyGroup, e: Entry) -> None:
    duties = e.entries("duties")
    _sync_ordered(Duty, {"group": group}, [{"text": d.str("text")} for d in duties])
    for order, d in enumerate(duties, start=1):
        Duty.objects.get(group=group, order=order).coordinating_agencies.set(_agencies(d, "coordinating_agencies"))


def _movements(plan: Plan, root: Entry) -> None:
    movements = []
    for e in root.entries("movements"):
        movement, _ = upsert(
            Movement,
            {"code": e.str("code", max_length=60)},
            {
                "name": e.str("name", max_length=300),
                "kind": e.choice("kind", Movement.Kind.values),
                "launched_on": e.date("launched_on"),
                "ends_on": e.date("ends_on"),
            },
        )
        movements.append(movement)
    # Movements outlive a plan (later plans name them too): only the link is set here.
    plan.movements.set(movements)


def _occasions(plan: Plan, root: Entry) -> None:
    occasions = []
    movements = {m.code: m for m in plan.movements.all()}
    for e in root.entries("occasions", required=False):
        starts_on = e.date("starts_on", required=True)
        ends_on = e.date("ends_on")
        if ends_on is not None and ends_on < starts_on:
            raise DataFileError(f"{e.where}: ends_on {ends_on} is before starts_on {starts_on}")
        movement_code = e.str("movement", required=False)
        if movement_code and movement_code not in movements:
            raise DataFileError(f"{e.where}: 'movement' names a movement the plan does not: {movement_code}")
        occasion, _ = upsert(
            Occasion,
            {"code": e.str("code", max_length=60)},
            {
                "name": e.str("name", max_length=300),
                "starts_on": starts_on,
                "ends_on": ends_on,
                "recurring": e.bool("recurring"),
                "movement": movements.get(movement_code),
                "basis": e.str("basis"),
            },
        )
        occasions.append(occasion)
    _check_unique(root.where, "occasions", [o.code for o in occasions])
    # Like movements, an occasion outlives a plan: only the link is set here.
    plan.occasions.set(occasions)


def _check_unique(where, key, codes):
    seen = set()
    for code in codes:
        if code in seen:
            raise DataFileError(f"{where}: {key} code {code!r} appears twice")
        seen.add(code)
