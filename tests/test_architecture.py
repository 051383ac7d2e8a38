"""The layout holds: the library's wings import only wings below them, and no module imports itself in a
circle. Wings, ground floor first (README, Architecture):

    lang → store → search → mining → bitext → editing → curation → interchange → cli, web
"""
from __future__ import annotations

import ast
from pathlib import Path

from glossary.store import config

WINGS = ["lang", "store", "search", "mining", "bitext", "editing", "curation", "interchange", "cli"]
ROOT = config.PROJECT_ROOT


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every glossary/web module a file imports, at the top or inside a function."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(up + ([node.module] if node.module else []))
            for alias in node.names:  # `from glossary.store import concepts` imports a module
                found.add(f"{base}.{alias.name}")
            found.add(base)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.split(".")[0] in ("glossary", "web")}


def graph() -> dict[str, set[str]]:
    files = [p for d in ("glossary", "web") for p in (ROOT / d).rglob("*.py")]
    modules = {module_name(p): p for p in files}
    edges = {}
    for name, path in modules.items():
        edges[name] = {target for target in imports_of(path) if target in modules and target != name}
    return edges


def wing(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] == "web":
        return len(WINGS) - 1  # the site sits at the top, beside the CLI
    if len(parts) > 1 and parts[1] in WINGS:
        return WINGS.index(parts[1])
    return None  # glossary/__init__.py, glossary/data


def test_no_module_imports_a_higher_wing():
    wrong = []
    for module, targets in graph().items():
        for target in targets:
            low, high = wing(module), wing(target)
            if low is not None and high is not None and high > low and not (module.startswith("glossary.cli") and target.startswith("web")):
                wrong.append(f"{module} imports {target}")
            if module.startswith("web") and target.startswith("glossary.cli"):
                wrong.append(f"{module} imports {target} (the site calls the library, not the CLI)")
    assert wrong == []


def test_no_import_circle():
    edges = graph()
    package_of = lambda m: m.rpartition(".")[0]  # noqa: E731
    circles = []
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges.get(node, ())):
            if package_of(node) == target:  # a module reaching its own package's __init__ is not a circle
                continue
            if state.get(target) == 1:
                circles.append(" → ".join(path[path.index(target):] + [target]) if target in path else f"{node} → {target}")
            elif not state.get(target):
                visit(target, path + [target])
        state[node] = 2

    for module in sorted(edges):
        if not state.get(module):
            visit(module, [module])
    assert circles == []


def test_the_wings_are_folders_and_nothing_is_left_loose():
    loose = sorted(p.name for p in (ROOT / "glossary").glob("*.py") if p.name != "__init__.py")
    assert loose == []
    for name in WINGS:
        assert (ROOT / "glossary" / name / "__init__.py").exists(), name


def test_every_module_is_one_readable_concern():
    """Modules stay under 600 lines: a larger one holds more than one concern and is split (README)."""
    long = {str(p.relative_to(ROOT)): n for d in ("glossary", "web") for p in (ROOT / d).rglob("*.py")
            if (n := len(p.read_text("utf-8").splitlines())) >= 600}
    assert long == {}
