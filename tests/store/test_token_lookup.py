"""The request path's one-statement token lookup answers as the ORM's ``authenticate``,
on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.engine import Engine
from sqlmodel import Session

from extract.divisions import by_code
from store.crud.jurisdictions import ensure_jurisdiction
from store.crud.units import get_unit
from store.tables import Unit
from store.token_lookup import live_token
from store.tokens import authenticate, create_token, revoke_token

NOW = dt.datetime(2019, 1, 1, 9, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


def _as_authenticate_reads(session: Session, bearer: str | None,
                           now: dt.datetime) -> tuple[object, ...] | None:
    token = authenticate(session=session, bearer=bearer, now=now)
    if token is None:
        return None
    unit = get_unit(session=session, id=token.unit_id) if token.unit_id is not None else None
    return (token.id, token.role, token.unit_id, unit.name if unit else None,
            token.jurisdiction_id)


def _as_live_token_reads(session: Session, bearer: str | None,
                         now: dt.datetime) -> tuple[object, ...] | None:
    token = live_token(session=session, bearer=bearer, now=now)
    if token is None:
        return None
    return (token.id, token.role, token.unit_id, token.unit_name, token.jurisdiction_id)


def test_live_token_answers_as_authenticate_for_valid_tampered_malformed_expired_and_revoked(
    engine: Engine,
) -> None:
    with Session(engine, expire_on_commit=False) as session:
        planning = Unit(name="市规划局", level="city")
        session.add(planning)
        session.flush()
        wenzhou = ensure_jurisdiction(session=session, division=by_code("330300000000"))
        reporter, reporter_clear = create_token(session=session, unit_id=planning.id,
                                                role="reporter")
        _viewer, viewer_clear = create_token(session=session, unit_id=None, role="viewer")
        _editor, editor_clear = create_token(session=session, unit_id=None, role="editor",
                                             jurisdiction_id=wenzhou.id)
        _expiring, expiring_clear = create_token(session=session, unit_id=None, role="viewer",
                                                 expires_at=NOW + HOUR)
        # an expiry given naive and one given in another zone are stored as they come
        _naive, naive_clear = create_token(session=session, unit_id=None, role="viewer",
                                           expires_at=(NOW + HOUR).replace(tzinfo=None))
        _zoned, zoned_clear = create_token(
            session=session, unit_id=None, role="viewer",
            expires_at=(NOW + HOUR).astimezone(dt.timezone(dt.timedelta(hours=8))))
        revoked, revoked_clear = create_token(session=session, unit_id=planning.id,
                                              role="reporter")
        revoke_token(session=session, token_id=revoked.id, now=NOW)
        session.commit()

    tampered = reporter_clear[:-1] + ("A" if reporter_clear[-1] != "A" else "B")
    unknown = "pg_000000000000_" + reporter_clear.split("_", 2)[2]
    # (bearer, instant, whether it works then): the expected outcome stated by hand
    cases: list[tuple[str | None, dt.datetime, bool]] = [
        (reporter_clear, NOW, True), (f"Bearer {reporter_clear}", NOW, True),
        (viewer_clear, NOW, True), (editor_clear, NOW, True),
        (tampered, NOW, False), (unknown, NOW, False),
        (None, NOW, False), ("", NOW, False), ("pg_", NOW, False), ("pg_nosecret", NOW, False),
        ("abc", NOW, False), (reporter_clear.removeprefix("pg_"), NOW, False),
        (expiring_clear, NOW, True), (expiring_clear, NOW + HOUR, False),
        (expiring_clear, NOW + 2 * HOUR, False),
        (naive_clear, NOW, True), (naive_clear, NOW + HOUR, False),
        (revoked_clear, NOW - HOUR, True), (revoked_clear, NOW, False),
        (revoked_clear, NOW + HOUR, False),
    ]
    with Session(engine) as session:
        for bearer, now, works in cases:
            expected = _as_authenticate_reads(session, bearer, now)
            assert (expected is not None) == works, (bearer, now)
            assert _as_live_token_reads(session, bearer, now) == expected, (bearer, now)
        # the zoned expiry: whatever the store made of it, both read it alike
        for now in (NOW - 8 * HOUR, NOW, NOW + HOUR, NOW + 2 * HOUR):
            assert (_as_live_token_reads(session, zoned_clear, now)
                    == _as_authenticate_reads(session, zoned_clear, now)), now
        found = live_token(session=session, bearer=reporter_clear, now=NOW)
    assert found is not None
    assert (found.id, found.role, found.unit_id, found.unit_name) == (
        reporter.id, "reporter", planning.id, "市规划局")
