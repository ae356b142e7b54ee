"""Vendored front-end files are complete: collectstatic's manifest storage fails on a source map it cannot find."""

import re
from pathlib import Path

from django.conf import settings

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor"
MAP_REFERENCE = re.compile(rb"sourceMappingURL=([^\s*]+)")


def test_every_source_map_a_vendored_file_names_is_vendored_too():
    missing = [
        f"{path.relative_to(VENDOR)} → {name.decode()}"
        for path in sorted(VENDOR.rglob("*"))
        if path.suffix in {".js", ".css"}
        for name in MAP_REFERENCE.findall(path.read_bytes())
        if not (path.parent / name.decode()).is_file()
    ]
    assert not missing, missing


def test_the_versions_file_names_the_vendoring_script():
    versions = (VENDOR / "VERSIONS.txt").read_text()
    assert "scripts/vendor.sh" in versions
    assert (Path(settings.BASE_DIR) / "scripts" / "vendor.sh").is_file()
