"""Imports go one way: extract <- store <- graph <- schema <- server, with the feature
packages on top importing only downward and never each other, and settings, i18n and
observability at the bottom, importable by all.

The graph is read with :mod:`ast` from every ``import`` statement, at module level or
inside a function, so a late import cannot hide an edge.  What the rules do not allow
is listed in :data:`ALLOWED`, each with the reason it is an edge; a new sideways import
anywhere else fails this test.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

BOTTOM = ("settings", "escaping", "i18n", "observability")
"""Under everything, importable by every package: the settings and the escapers (one per
output format; both import nothing of the project), the messages (which may read the
settings) and the logs and metrics (which may use both)."""

CORE = ("extract", "store", "access", "graph", "schema")
"""The one-way house, lowest first: each may import the bottom and those before it
(access: who is asking and the read rule, over store, under every surface)."""

SHARED = ("exports",)
"""Above graph, under the features: the export tables and formats, which the widgets'
``/export`` route and ``policygraph export`` both use; they import what graph may."""

FEATURES = ("schema", "embed", "feeds", "alerts", "web", "hardening", "evaluation")
"""Feature packages: they import the bottom, extract, store, graph and the shared
exports, never each other (schema is also the house's top floor: it imports nothing of
the others either)."""

TOP = ("cli", "server", "bench")
"""What assembles everything and may import anything: the command line, the app
(server.py) and the benchmarks that measure them."""

PACKAGES = BOTTOM + CORE + SHARED + tuple(p for p in FEATURES if p not in CORE) + TOP
BELOW_SHARED = (*BOTTOM, "extract", "store", "access", "graph")
BELOW_FEATURES = BELOW_SHARED + SHARED

ALLOWED: dict[tuple[str, str], str] = {}
"""Edges the rules do not allow, each with the reason it is one (none today: the HTTP read
rule every surface shares lives in :mod:`access`).  A new sideways import anywhere else
fails the test."""


def _packages() -> dict[str, list[Path]]:
    found = {name: sorted((ROOT / name).rglob("*.py")) for name in PACKAGES
             if name != "server"}
    found["server"] = [ROOT / "server.py"]
    return found


def _imported(path: Path) -> set[str]:
    """Top-level names of the project packages ``path`` imports (absolute or relative)."""
    module = path.relative_to(ROOT).with_suffix("").parts
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolved against the importing module's package
                base = module[: len(module) - node.level]
                names.add(base[0] if base else (node.module or "").split(".")[0])
            elif node.module:
                names.add(node.module.split(".")[0])
    return names & set(PACKAGES)


def import_edges() -> dict[tuple[str, str], str]:
    """``{(importing file, imported package): importing package}`` across packages."""
    edges: dict[tuple[str, str], str] = {}
    for package, paths in _packages().items():
        for path in paths:
            if "versions" in path.parts:
                continue  # migration revisions: Alembic's scripts, frozen history
            for target in _imported(path) - {package}:
                edges[(str(path.relative_to(ROOT)), target)] = package
    return edges


def allowed(source: str, package: str, target: str) -> bool:
    """Whether the rules let ``source`` (in ``package``) import ``target``.

    >>> allowed("settings/concerns.py", "settings", "i18n")
    False
    >>> allowed("observability/accesslog.py", "observability", "settings")
    True
    """
    if package in TOP:
        return True  # the app, the CLI and the benchmarks assemble everything
    if package in BOTTOM:
        return target in BOTTOM and BOTTOM.index(target) < BOTTOM.index(package)
    if target in BOTTOM:
        return True
    if package in CORE:
        return target in CORE and CORE.index(target) < CORE.index(package)
    if package in SHARED:
        return target in BELOW_SHARED
    return target in BELOW_FEATURES


def test_the_edges_are_read_from_module_and_function_level_imports() -> None:
    edges = import_edges()
    assert edges[("graph/build.py", "store")] == "graph"
    # server.py imports the widget routes inside create_app
    assert ("server.py", "embed") in edges


def test_every_import_follows_the_one_way_order_or_is_listed_with_its_reason() -> None:
    wrong = sorted(f"{source} imports {target}"
                   for (source, target), package in import_edges().items()
                   if not allowed(source, package, target) and (source, target) not in ALLOWED)
    assert wrong == []


def test_the_allow_list_names_only_edges_that_still_exist() -> None:
    edges = import_edges()
    stale = sorted(f"{source} -> {target}" for source, target in ALLOWED
                   if (source, target) not in edges)
    assert stale == [], "remove fixed edges from ALLOWED"


def test_the_rules_refuse_a_sideways_or_upward_import() -> None:
    assert not allowed("store/ingest.py", "store", "graph")
    assert not allowed("alerts/engine.py", "alerts", "feeds")
    assert not allowed("alerts/engine.py", "alerts", "schema")
    assert not allowed("embed/routes.py", "embed", "schema")
    assert allowed("embed/routes.py", "embed", "access")
    assert not allowed("access/http.py", "access", "schema")
    assert not allowed("access/principal.py", "access", "graph")
    assert not allowed("schema/query.py", "schema", "hardening")
    assert not allowed("exports/tables.py", "exports", "embed")
    assert allowed("embed/routes.py", "embed", "exports")
    assert not allowed("schema/query.py", "schema", "exports")
    assert not allowed("observability/accesslog.py", "observability", "hardening")
    assert not allowed("settings/concerns.py", "settings", "graph")
    assert allowed("graph/build.py", "graph", "store")
    assert allowed("graph/build.py", "graph", "settings")
    assert allowed("hardening/stack.py", "hardening", "observability")
    assert allowed("cli/export.py", "cli", "embed")
    assert not allowed("graph/build.py", "graph", "schema")


def test_the_bottom_packages_import_nothing_above_them() -> None:
    above = sorted(f"{source} imports {target}"
                   for (source, target), package in import_edges().items()
                   if package in BOTTOM and target not in BOTTOM)
    assert above == []


def test_every_package_of_the_project_is_placed_in_a_layer() -> None:
    on_disk = {p.parent.name for p in ROOT.glob("*/__init__.py")} - {"tests", "conformance"}
    assert on_disk <= set(PACKAGES)
