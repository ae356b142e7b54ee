"""Load administrative units, emulation blocs and agencies from ``agencies/data/*.yaml``."""

from pathlib import Path

from core.datafiles import DataFileError, read_yaml, upsert

from .models import AdministrativeUnit, Agency, EmulationBloc

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_agencies(*, data_dir: Path | None = None, stdout=None) -> dict:
    """Create or update every unit, bloc and agency of the data files.

    Rows are matched by code, so running it twice changes nothing. Agencies
    and units missing from the files are left alone (never deleted: they may
    have reported). Raises ``DataFileError`` on the first malformed entry; the
    caller's transaction then writes nothing. Returns counts per model.
    """
    counts = {"units": 0, "blocs": 0, "agencies": 0}
    for path in sorted((data_dir or DATA_DIR).glob("*.yaml")):
        root = read_yaml(path)
        units = {}
        for entry in root.entries("administrative_units"):
            code = entry.str("code", max_length=20)
            parent_code = entry.str("parent", required=False) or None
            parent = units.get(parent_code) or (
                AdministrativeUnit.objects.filter(code=parent_code).first() if parent_code else None
            )
            if parent_code and parent is None:
                raise DataFileError(f"{entry.where}: parent unit {parent_code!r} is not defined before it")
            units[code], _ = upsert(
                AdministrativeUnit,
                {"code": code},
                {
                    "name": entry.str("name"),
                    "level": entry.choice("level", AdministrativeUnit.Level.values),
                    "parent": parent,
                    "valid_from": entry.date("valid_from"),
                    "valid_until": entry.date("valid_until"),
                },
            )
            counts["units"] += 1
        blocs = {}
        for entry in root.entries("blocs", required=False):
            code = entry.str("code", max_length=30)
            blocs[code], _ = upsert(EmulationBloc, {"code": code}, {"name": entry.str("name")})
            counts["blocs"] += 1
        agencies = {}
        for entry in root.entries("agencies"):
            code = entry.str("code", max_length=30)
            unit_code = entry.str("unit")
            unit = units.get(unit_code) or AdministrativeUnit.objects.filter(code=unit_code).first()
            if unit is None:
                raise DataFileError(f"{entry.where}: unknown administrative unit {unit_code!r}")
            bloc_code = entry.str("bloc", required=False) or None
            if bloc_code and bloc_code not in blocs:
                raise DataFileError(f"{entry.where}: unknown emulation bloc {bloc_code!r}")
            parent_code = entry.str("parent", required=False) or None
            if parent_code and parent_code not in agencies:
                raise DataFileError(f"{entry.where}: parent agency {parent_code!r} is not defined before it")
            values = {
                "name": entry.str("name", max_length=255),
                "short_name": entry.str("short_name", max_length=100),
                "kind": entry.choice("kind", Agency.Kind.values),
                "unit": unit,
                "bloc": blocs.get(bloc_code),
                "parent": agencies.get(parent_code),
                "must_report": entry.bool("must_report", default=True),
                "active_from": entry.date("active_from"),
                "active_until": entry.date("active_until"),
            }
            # The reporting frequency is the province's to set in the admin;
            # the file sets it only where it names one.
            frequency = entry.choice("report_frequency", Agency.Frequency.values, required=False)
            if frequency:
                values["report_frequency"] = frequency
            agencies[code], _ = upsert(Agency, {"code": code}, values)
            counts["agencies"] += 1
    if stdout is not None:
        stdout.write(f"Agencies: {counts['units']} units, {counts['blocs']} blocs, {counts['agencies']} agencies")
    return counts
