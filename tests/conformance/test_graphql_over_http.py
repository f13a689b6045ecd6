"""The official GraphQL-over-HTTP audit suite (npm ``graphql-http``, ``auditServer``) run
against the real server, in development mode and in production mode with a viewer token:
every check passes (MUST, SHOULD and MAY); results are printed for the README."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session

from tests.hardening.figures import record_figure
from tests.live_server import corpus_app, serve

CONFORMANCE = Path(__file__).resolve().parents[2] / "conformance"


@pytest.fixture(scope="module")
def audit_tool() -> Path:
    """node + graphql-http installed from the lock file (npm registry only)."""
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.fail("node/npm missing: run scripts/install-system-deps.sh", pytrace=False)
    if not (CONFORMANCE / "node_modules" / "graphql-http").is_dir():
        subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                       cwd=CONFORMANCE, check=True, timeout=300)
    return CONFORMANCE / "audit.mjs"


@pytest.fixture(scope="module", params=["development", "production"])
def audited(request: pytest.FixtureRequest,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str | None]]:
    """``(graphql url, bearer token)``: production refuses anonymous reads, so its audit
    sends a viewer token with every request."""
    from settings import Settings
    from store.tokens import create_token

    production = request.param == "production"
    settings = Settings(anonymous_read=not production, graphiql=not production,
                        introspection=not production)
    app = corpus_app(tmp_path_factory.mktemp(f"audit-{request.param}") / "policygraph.db",
                     settings=settings)
    token = None
    with serve(app) as base:
        if production:
            with Session(app.state.holder.engine) as session:
                _, token = create_token(session=session, unit_id=None, role="viewer")
                session.commit()
        yield f"{base}/graphql", token


def test_audit_suite_passes_every_check(audit_tool: Path,
                                        audited: tuple[str, str | None]) -> None:
    graphql_url, token = audited
    env = {**os.environ, **({"AUDIT_BEARER": token} if token else {})}
    done = subprocess.run(["node", str(audit_tool), graphql_url], capture_output=True,
                          text=True, timeout=300, check=True, env=env)
    results = json.loads(done.stdout)["results"]
    assert len(results) > 20, "the audit suite ran too few checks to be the real one"
    musts = [r for r in results if r["name"].startswith("MUST")]
    failed_musts = [r for r in musts if r["status"] != "ok"]
    others = [r for r in results if r["status"] != "ok" and not r["name"].startswith("MUST")]
    summary = {"total": len(results), "ok": sum(r["status"] == "ok" for r in results),
               "must": len(musts), "must_failed": len(failed_musts), "should_or_may_not_ok": len(others)}
    print("graphql-http audit" + (" (production, viewer token):" if token else ":"),
          json.dumps(summary))
    for r in others:
        print(f"  {r['status'].upper():7} {r['id']} {r['name']}: {r['reason']}")
    (Path("test-artifacts")).mkdir(exist_ok=True)
    suffix = "-production" if token else ""
    Path(f"test-artifacts/graphql-http-audit{suffix}.json").write_text(
        json.dumps({"summary": summary, "results": results}, ensure_ascii=False, indent=1))
    record_figure("graphql_http_audit" + suffix.replace("-", "_"), {"passed": summary["ok"], "total": summary["total"],
                                         "must_failed": summary["must_failed"],
                                         "warned": summary["should_or_may_not_ok"]})
    assert not failed_musts, "\n".join(f"{r['id']} {r['name']}: {r['reason']}" for r in failed_musts)
    assert not others, "\n".join(f"{r['id']} {r['name']}: {r['reason']}" for r in others)
