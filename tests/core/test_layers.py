"""String references between apps follow the layers of the import-linter contract (``make lint``).

import-linter sees ``import`` statements only. A model named by its label (``apps.get_model("honourees",
"Honouree")``, ``ForeignKey("reports.ActivityReport")``, ``to="reports.activityreport"`` in a migration) is a
dependency too: here every such reference of an app names the app itself or one below it.
"""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"][0]
LAYERS = CONTRACT["layers"]  # highest first
REFERENCES = [
    re.compile(r"""get_model\(\s*["'](\w+)["']"""),  # apps.get_model("app", "Model")
    re.compile(r"""get_model\(\s*["'](\w+)\.\w+["']"""),  # apps.get_model("app.Model")
    re.compile(r"""(?:ForeignKey|OneToOneField|ManyToManyField)\(\s*["'](\w+)\.\w+["']"""),
    re.compile(r"""\bto=["'](\w+)\.\w+["']"""),  # migrations
    re.compile(r"""app_label=["'](\w+)["']"""),
]


def upward_references():
    """``(file, app, referenced app)`` for every reference to an app above the file's."""
    return [
        (str(path.relative_to(ROOT)), app, label)
        for app in LAYERS
        for path in sorted((ROOT / app).rglob("*.py"))
        for pattern in REFERENCES
        for label in pattern.findall(path.read_text())
        if label in LAYERS and LAYERS.index(label) < LAYERS.index(app)
    ]


def test_no_app_names_a_model_of_an_app_above_it():
    assert upward_references() == []


def test_the_references_are_found(tmp_path, monkeypatch):
    """The check is not blind: a reference of core to honourees is found."""
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "bad.py").write_text('Honouree = apps.get_model("honourees", "Honouree")\n')
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert upward_references() == [("core/bad.py", "core", "honourees")]
