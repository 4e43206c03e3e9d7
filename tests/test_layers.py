"""The shape of the code: no import circle, and no import from a lower layer to a higher one.

Read from the source with `ast` (nothing is imported), so a new upward arrow or circle fails
here before anyone has to find it by hand. Every import counts: module level, inside a
function, and under `TYPE_CHECKING`; naming a module as a string to `importlib` is refused.

The rule, lowest first (a module may import its own package and anything in a lower rank):

    common < sql < ingest | demo < attribution < metrics < pipeline | notify < dashboard

- `ingest` and `demo` share a rank and import neither each other; so do `pipeline` and `notify`
  (the digests read metrics and never compose a load).
- Inside `metrics`: base (settings, periods, scope, facts, dimensions, definitions, frames) < `rollups`
  (the writers) < readers (every other module) < the package facade and its command line.
- A `__main__` module is a launcher and sits above everything (`python -m ingest` runs
  `pipeline.ingest_cli`).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RANKS: dict[str, int] = {
    "common": 0, "sql": 1, "ingest": 2, "demo": 2, "attribution": 3, "metrics": 4, "pipeline": 5, "notify": 5,
    "dashboard": 6,
}
NOT_APPLICATION = {"tests", "benchmarks", "scripts"}  # they may import any layer
LAUNCHER_RANK = max(RANKS.values()) + 1
METRICS_BASE = {"settings", "periods", "scope", "facts", "dimensions", "definitions", "frames"}
METRICS_TOP = {"metrics", "metrics.cli", "metrics.__main__"}

# Arrows that exist today and are to be removed; each (importer, imported). Empty means none.
KNOWN: set[tuple[str, str]] = set()


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def sources() -> dict[str, Path]:
    """Every module of the application's packages, by dotted name."""
    return {module_name(p): p for top in RANKS for p in sorted((ROOT / top).rglob("*.py"))}


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The application modules `name` imports, resolved to modules (a package's names to its submodules)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                found.add(f"{module}.{alias.name}" if f"{module}.{alias.name}" in known else module)
    return {m for m in found if m.split(".")[0] in RANKS and m != name}


def graph() -> dict[str, set[str]]:
    mods = sources()
    known = set(mods)
    return {name: {m for m in imports(name, path, known) if m in known} for name, path in mods.items()}


def rank(module: str) -> tuple[int, int]:
    """(layer, sub-layer inside metrics) of a module."""
    if module.endswith(".__main__"):
        return LAUNCHER_RANK, 0
    top = module.split(".")[0]
    sub = 0
    if top == "metrics":
        second = module.split(".")[1] if "." in module else ""
        sub = 3 if module in METRICS_TOP else 0 if second in METRICS_BASE else 1 if second == "rollups" else 2
    return RANKS[top], sub


def upward_arrows(edges: dict[str, set[str]]) -> set[tuple[str, str]]:
    """Imports that point to a higher layer, or across to another package of the same rank."""
    bad = set()
    for src, targets in edges.items():
        for dst in targets:
            same_package = src.split(".")[0] == dst.split(".")[0]
            if src.endswith(".__main__") or (same_package and src.split(".")[0] != "metrics"):
                continue
            if rank(dst) > rank(src) or (not same_package and rank(dst)[0] == rank(src)[0]):
                bad.add((src, dst))
    return bad


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_every_package_has_a_rank() -> None:
    """A new top-level package must say where it sits, or its imports would go unchecked."""
    packages = {p.parent.name for p in ROOT.glob("*/__init__.py")} - NOT_APPLICATION
    assert packages - set(RANKS) == set()


def test_no_import_circle() -> None:
    assert circles(graph()) == []


def test_no_import_points_up_a_layer() -> None:
    arrows = upward_arrows(graph())
    assert arrows - KNOWN == set(), "imports against the layer order (see this file's docstring)"


def test_known_exceptions_still_exist() -> None:
    """An exception that was fixed comes off the KNOWN list, so it cannot come back unnoticed."""
    assert upward_arrows(graph()) >= KNOWN


def string_imports(path: Path) -> list[str]:
    """Modules named as strings to `importlib.import_module` / `__import__` (an arrow no reader can follow)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in ("import_module", "__import__") and str(node.args[0].value).split(".")[0] in RANKS:
                found.append(str(node.args[0].value))
    return found


def test_no_module_is_imported_by_a_string() -> None:
    assert {name: found for name, path in sources().items() if (found := string_imports(path))} == {}


def test_the_checks_catch_what_they_are_for(tmp_path: Path) -> None:
    edges = {"ingest.loader": {"metrics.kpis"}, "metrics.kpis": {"ingest.loader", "metrics.rollups.daily"},
             "demo.writer": {"ingest.runs"}, "metrics.rollups.daily": {"metrics.kpis"}}
    assert circles(edges) == [["ingest.loader", "metrics.kpis", "metrics.rollups.daily"]]
    assert upward_arrows(edges) == {
        ("ingest.loader", "metrics.kpis"), ("demo.writer", "ingest.runs"), ("metrics.rollups.daily", "metrics.kpis"),
    }
    probe = tmp_path / "probe.py"
    probe.write_text('import importlib\nimportlib.import_module("metrics.rollups")\n', encoding="utf-8")
    assert string_imports(probe) == ["metrics.rollups"]
