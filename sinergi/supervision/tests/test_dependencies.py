"""Supervision builds on cooperatives, never the other way: no module of the cooperatives app imports this one
(a cooperative page reaches supervision data only through the reverse relation ``cooperative.inspections``)."""

from __future__ import annotations

import ast
from pathlib import Path

import sinergi.cooperatives

COOPERATIVES = Path(sinergi.cooperatives.__file__).parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_cooperatives_imports_nothing_of_supervision():
    offenders = {
        str(path.relative_to(COOPERATIVES)): sorted(n for n in _imports(path) if n.startswith("sinergi.supervision"))
        for path in COOPERATIVES.rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}
