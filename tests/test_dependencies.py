"""Imports go one way: extract <- store <- graph <- schema <- server, with the feature
packages on top importing only downward and never each other.

The graph is read with :mod:`ast` from every ``import`` statement, at module level or
inside a function, so a late import cannot hide an edge.  What the rules do not allow
yet is listed in :data:`ALLOWED`, each with the reason it is still there: the list is
the work left, and a new sideways import anywhere else fails this test.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CORE = ("escaping", "i18n", "observability", "extract", "store", "graph", "schema", "server")
"""The one-way house, lowest first: each may import only those before it (escaping,
one escaper per output format, i18n, the messages, and observability, the metrics
registry, sit under everything and import nothing of the project; server.py, the app, assembles everything)."""

FEATURES = ("alerts", "feeds", "embed", "web", "cli", "hardening", "evaluation", "bench")
"""Packages on top of the house: they import i18n, extract, store and graph, not each
other; schema only from the server-level glue in :data:`GLUE`."""

BELOW_FEATURES = ("escaping", "i18n", "observability", "extract", "store", "graph")

GLUE = frozenset({
    "embed/routes.py",   # mounts the widget routes; reads the caller's token like the API
    "feeds/routes.py",   # mounts the feed routes; same token check as the API
    "web/review.py",     # mounts the review pages; same token check as the API
})
"""Modules that mount routes on the server and share the API's request checks."""

ALLOWED: dict[tuple[str, str], str] = {
    # --- core importing a feature package ---
    ("schema/query.py", "hardening"):
        "the schema installs the hardening extensions (limits, cost, cancellation); "
        "the server should pass them in",
    # --- feature packages importing sideways ---
    ("cli/export.py", "embed"):
        "the export tables and formats live in embed/exports; they belong in a package "
        "both the CLI and the widgets import",
    ("cli/assessment.py", "embed"):
        "`policygraph assessment` writes the 考核表 of /export/assessment.xlsx; same reason",
    ("feeds/ical.py", "alerts"): "feeds reuse the alert assessment of stored reports",
    ("feeds/routes.py", "alerts"): "feeds reuse the alert assessment of stored reports",
    ("embed/routes.py", "web"): "widgets serve the playground's static files",
    ("web/review.py", "embed"): "the review pages reuse the widgets' error page and headers",
    ("cli/alerts.py", "alerts"): "`policygraph alerts` is the alert engine's command line",
    ("cli/urge.py", "alerts"): "`policygraph urge` routes, renders and delivers through the "
                               "alert channels, like `policygraph alerts`",
    ("cli/serve.py", "hardening"): "`policygraph serve` redacts secrets in uvicorn's log",
    ("cli/overdue.py", "schema"):
        "the CLI words an ambiguous name with the API's error helpers",
    ("bench/layers.py", "schema"): "the benchmarks measure the API layer by layer",
    ("bench/profiling.py", "schema"): "the benchmarks profile the API",
    ("bench/app.py", "server"): "the benchmarks start the whole server",
}


def _packages() -> dict[str, list[Path]]:
    found = {name: sorted((ROOT / name).rglob("*.py")) for name in CORE + FEATURES
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
    return names & set(CORE + FEATURES)


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
    """Whether the rules let ``source`` (in ``package``) import ``target``."""
    if package == "server":
        return True  # the app: it assembles the API, the feature routes and middleware
    if package in CORE:
        return target in CORE and CORE.index(target) < CORE.index(package)
    if target in BELOW_FEATURES:
        return True
    return target == "schema" and source in GLUE


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
    assert allowed("embed/routes.py", "embed", "schema")
    assert allowed("graph/build.py", "graph", "store")
    assert not allowed("graph/build.py", "graph", "schema")
