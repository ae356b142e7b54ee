"""No product function is longer than 80 lines (ruff's C901 holds their complexity at 15, in make lint)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("core", "agencies", "campaigns", "reports", "honourees", "province", "config", "bench")
LIMIT = 80


def _long_functions(root=ROOT):
    for app in APPS:
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    length = node.end_lineno - node.lineno + 1
                    if length > LIMIT:
                        yield f"{path.relative_to(root)}:{node.lineno} {node.name} ({length} lines)"


def test_no_product_function_is_over_80_lines():
    assert list(_long_functions()) == []


def test_the_check_sees_a_long_function(tmp_path):
    (tmp_path / "core").mkdir()
    (tmp_path / "core" / "long.py").write_text("def f():\n" + "    x = 1\n" * LIMIT, encoding="utf-8")
    assert list(_long_functions(tmp_path)) == ["core/long.py:1 f (81 lines)"]
