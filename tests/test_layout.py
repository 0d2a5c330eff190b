"""The layout holds: plain steps never import prefect; the flow and tasks stay thin."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_steps_never_import_prefect():
    for path in (ROOT / "flows" / "steps").rglob("*.py"):
        assert "prefect" not in _imports(path), f"{path.relative_to(ROOT)} imports prefect"


def test_schemas_never_import_the_pipeline():
    for path in (ROOT / "schemas").rglob("*.py"):
        assert not {"prefect", "flows"} & _imports(path), path.name


def test_every_module_says_what_it_owns():
    for path in list((ROOT / "flows").rglob("*.py")) + list((ROOT / "schemas").rglob("*.py")):
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc, f"{path.relative_to(ROOT)} has no module docstring"
