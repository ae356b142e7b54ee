"""Load Vietnam's ethnic groups from ``honourees/data/ethnic-groups.yaml`` (a ``PLAN_LOADERS`` step)."""

from pathlib import Path

from core.datafiles import DataFileError, read_yaml, upsert

from .models import EthnicGroup

DATA_FILE = Path(__file__).resolve().parent / "data" / "ethnic-groups.yaml"


def load_ethnic_groups(*, path: Path | None = None, stdout=None) -> int:
    """Create or update every ethnic group of the data file, matched by code.

    Running it twice changes nothing; groups no longer in the file are left
    alone (honourees may name them). Raises ``DataFileError`` naming the entry
    at the first malformed one. Returns the number of groups in the file.
    """
    root = read_yaml(path or DATA_FILE)
    seen_codes, seen_names = set(), set()
    entries = root.entries("ethnic_groups")
    for entry in entries:
        code = entry.str("code", max_length=10)
        name = entry.str("name", max_length=100)
        if code in seen_codes or name in seen_names:
            raise DataFileError(f"{entry.where}: code {code!r} or name {name!r} appears twice")
        seen_codes.add(code)
        seen_names.add(name)
        in_province = entry.bool("lao_cai")
        upsert(
            EthnicGroup,
            {"code": code},
            {
                "name": name,
                "other_names": entry.str("other_names", required=False, max_length=300),
                "in_province": in_province,
                # Groups outside the province sort after it, by their official code.
                "order": entry.int("order", required=False, default=None)
                or (100 + int(code) if code.isdigit() else 999),
            },
        )
    if stdout is not None:
        stdout.write(f"Ethnic groups: {len(entries)}")
    return len(entries)
