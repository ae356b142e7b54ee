"""Load administrative units, emulation blocs, agencies and their successions from ``agencies/data/*.yaml``.

Each part is read from every file before the next part, and references (a parent, a unit, a bloc, a
predecessor) are resolved once every file's rows exist: a file for the 2025 reorganisation may name units
and agencies of the base file whatever the files' order.
"""

import datetime
from pathlib import Path

from django.utils import translation

from core.datafiles import DataFileError, Entry, read_yaml, rows_by, save_changed, upsert

from . import successions
from .models import AdministrativeUnit, Agency, EmulationBloc, Succession

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_agencies(*, data_dir: Path | None = None, stdout=None) -> dict:
    """Create or update every unit, bloc, agency and succession of the data files.

    Rows are matched by code (a succession by its two agencies), so running it twice changes nothing.
    Rows missing from the files are left alone (never deleted: they may have reported). An agency that
    a merger, renaming or split ends gets the day before its ``effective`` date as ``active_until`` when
    its entry gives none; a different one is an error. Raises ``DataFileError`` naming the first
    malformed entry; the caller's transaction then writes nothing. Returns counts per model.
    """
    roots = [read_yaml(path) for path in sorted((data_dir or DATA_DIR).glob("*.yaml"))]
    links = [link for root in roots for link in _read_successions(root)]
    counts = {
        "units": _load_units(roots),
        "blocs": _load_blocs(roots),
        "agencies": _load_agencies(roots, _last_days(links)),
        "successions": _load_successions(links),
    }
    if stdout is not None:
        stdout.write(
            f"Agencies: {counts['units']} units, {counts['blocs']} blocs, {counts['agencies']} agencies, "
            f"{counts['successions']} successions"
        )
    return counts


def _load_units(roots) -> int:
    """Units first without their parent and origins, then those: a unit may name one of a later file."""
    pending = []
    known = rows_by(AdministrativeUnit, "code")
    for root in roots:
        for entry in root.entries("administrative_units", required=False):
            code = entry.str("code", max_length=20)
            values = {
                "name": entry.str("name"),
                "level": entry.choice("level", AdministrativeUnit.Level.values),
                "valid_from": entry.date("valid_from"),
                "valid_until": entry.date("valid_until"),
            }
            pending.append((entry, upsert(AdministrativeUnit, {"code": code}, values, known=known)[0]))
    units = {unit.code: unit for unit in AdministrativeUnit.objects.prefetch_related("predecessors")}
    _set_parents(pending, units, "unit")
    for entry, unit in pending:
        _set_origins(entry, units[unit.code], units)
    return len(pending)


def _set_parents(pending, rows: dict, noun: str) -> None:
    """Give each ``(entry, row)`` of ``pending`` the parent its entry names among ``rows`` (by code)."""
    for entry, row in pending:
        parent_code = entry.str("parent", required=False) or None
        if parent_code and parent_code not in rows:
            raise DataFileError(f"{entry.where}: unknown parent {noun} {parent_code!r}")
        save_changed(row, {"parent_id": rows[parent_code].pk if parent_code else None})


def _set_origins(entry: Entry, unit: AdministrativeUnit, units: dict) -> None:
    """The units ``unit`` was formed from (``formed_from``): known, other, and ended before it began."""
    origins = []
    for code in entry.str_list("formed_from", required=False):
        origin = units.get(code)
        if origin is None or origin == unit:
            raise DataFileError(
                f"{entry.where}: 'formed_from' names {'itself' if origin else 'an unknown unit'} {code!r}"
            )
        if origin.valid_until and unit.valid_from and origin.valid_until >= unit.valid_from:
            raise DataFileError(
                f"{entry.where}: 'formed_from' unit {code!r} is valid until {origin.valid_until}, "
                f"not before {unit.code!r} begins on {unit.valid_from}"
            )
        origins.append(origin)
    if {u.pk for u in unit.predecessors.all()} != {u.pk for u in origins}:
        unit.predecessors.set(origins)


def _load_blocs(roots) -> int:
    count = 0
    for root in roots:
        for entry in root.entries("blocs", required=False):
            upsert(EmulationBloc, {"code": entry.str("code", max_length=30)}, {"name": entry.str("name")})
            count += 1
    return count


def _load_agencies(roots, last_days: dict) -> int:
    """Agencies first without their parent agency, then that; the unit and bloc must exist by then."""
    units = {unit.code: unit for unit in AdministrativeUnit.objects.all()}
    blocs = {bloc.code: bloc for bloc in EmulationBloc.objects.all()}
    pending = []
    known = rows_by(Agency, "code")
    for root in roots:
        for entry in root.entries("agencies", required=False):
            code = entry.str("code", max_length=30)
            values = _agency_values(entry, units, blocs)
            last_day = last_days.get(code)
            if values["active_until"] is None and last_day and (values["active_from"] or last_day) <= last_day:
                values["active_until"] = last_day  # else the successions' checks say what is wrong
            pending.append((entry, upsert(Agency, {"code": code}, values, known=known)[0]))
    _set_parents(pending, {agency.code: agency for agency in Agency.objects.all()}, "agency")
    return len(pending)


def _agency_values(entry: Entry, units: dict, blocs: dict) -> dict:
    unit_code = entry.str("unit")
    if unit_code not in units:
        raise DataFileError(f"{entry.where}: unknown administrative unit {unit_code!r}")
    bloc_code = entry.str("bloc", required=False) or None
    if bloc_code and bloc_code not in blocs:
        raise DataFileError(f"{entry.where}: unknown emulation bloc {bloc_code!r}")
    values = {
        "name": entry.str("name", max_length=255),
        "short_name": entry.str("short_name", max_length=100),
        "kind": entry.choice("kind", Agency.Kind.values),
        "unit": units[unit_code],
        "bloc": blocs.get(bloc_code),
        "must_report": entry.bool("must_report", default=True),
        "active_from": entry.date("active_from"),
        "active_until": entry.date("active_until"),
    }
    if values["active_from"] and values["active_until"] and values["active_until"] < values["active_from"]:
        raise DataFileError(f"{entry.where}: 'active_until' is before 'active_from'")
    # The reporting frequency is the province's to set in the admin; the file sets it only where it names one.
    frequency = entry.choice("report_frequency", Agency.Frequency.values, required=False)
    if frequency:
        values["report_frequency"] = frequency
    return values


# --- successions ------------------------------------------------------------------------------------


def _read_successions(root: Entry) -> list[tuple[successions.Link, dict]]:
    """The ``successions`` of one file as (link by agency codes, the row's other values), types checked."""
    found = []
    for entry in root.entries("successions", required=False):
        link = successions.Link(
            predecessor=entry.str("predecessor", max_length=30),
            successor=entry.str("successor", max_length=30),
            kind=entry.choice("kind", Succession.Kind.values),
            effective=entry.date("effective", required=True),
            main=entry.bool("main"),
            where=entry.where,
        )
        texts = {
            "functions": entry.str("functions", required=False),
            "basis": entry.str("basis", required=False, max_length=500),
            "note": entry.str("note", required=False),
        }
        found.append((link, texts))
    return found


def _last_days(links) -> dict[str, datetime.date]:
    """``{agency code: its last day}`` for the agencies a merger, renaming or split ends."""
    return {link.predecessor: link.effective - successions.ONE_DAY for link, _texts in reversed(links) if link.ends}


def _load_successions(links) -> int:
    """Check the successions of the files with those already recorded, then write them.

    The checks run on the whole graph (a cycle or a second ending date shows only beside the other rows),
    in English like every message of the data files.
    """
    agencies = {agency.code: agency for agency in Agency.objects.all()}
    graph = {}  # the files' links in their order, then those recorded only in the database
    for link, _texts in links:
        for code in (link.predecessor, link.successor):
            if code not in agencies:
                raise DataFileError(f"{link.where}: unknown agency {code!r}")
        pair = (link.predecessor, link.successor)
        if pair in graph:
            raise DataFileError(f"{link.where}: {pair[0]} → {pair[1]} is listed twice")
        graph[pair] = link
    graph |= {pair: link for pair, link in _recorded_links().items() if pair not in graph}
    spans = {code: successions.Span(code, a.active_from, a.active_until) for code, a in agencies.items()}
    with translation.override("en"):
        problems = successions.problems(graph.values(), spans)
    if problems:
        raise DataFileError("\n".join(problems))
    for link, texts in links:
        predecessor = agencies[link.predecessor]
        if link.ends and predecessor.active_until is None:  # an agency of the admin, not of the files
            save_changed(predecessor, {"active_until": link.effective - successions.ONE_DAY})
        values = {"kind": link.kind, "effective": link.effective, "main": link.main, **texts}
        upsert(Succession, {"predecessor": predecessor, "successor": agencies[link.successor]}, values)
    return len(links)


def _recorded_links() -> dict:
    """The successions already in the database, by (predecessor code, successor code)."""
    rows = Succession.objects.select_related("predecessor", "successor")
    return {
        (row.predecessor.code, row.successor.code): successions.Link(
            row.predecessor.code,
            row.successor.code,
            row.kind,
            row.effective,
            row.main,
            where=f"the succession {row.predecessor.code} → {row.successor.code} recorded in the database",
        )
        for row in rows
    }
