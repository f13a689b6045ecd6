"""API tokens: hashed at rest, constant-time checked, expiring and revocable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from store.readback import checkpoint_wal
from store.tokens import (
    PREFIX,
    authenticate,
    create_token,
    hash_token,
    list_tokens,
    revoke_token,
)
from tests.store.conftest import unit_id

NOW = dt.datetime(2019, 1, 1, 9, 0, tzinfo=dt.UTC)


def test_a_new_token_authenticates_as_its_unit_and_role(session: Session) -> None:
    planning = unit_id(session, "市规划局")
    token, clear = create_token(session=session, unit_id=planning, role="reporter")
    session.commit()
    assert clear.startswith(PREFIX) and len(clear) > 40
    found = authenticate(session=session, bearer=f"Bearer {clear}")
    assert found is not None and (found.id, found.unit_id, found.role) == (token.id, planning, "reporter")


def test_a_wrong_malformed_or_missing_bearer_is_refused(session: Session) -> None:
    _token, clear = create_token(session=session, unit_id=None, role="viewer")
    session.commit()
    tampered = clear[:-1] + ("A" if clear[-1] != "A" else "B")
    for bearer in (tampered, "pg_", "pg_nosecret", "abc", "", None, clear.removeprefix(PREFIX)):
        assert authenticate(session=session, bearer=bearer) is None


def test_an_expired_token_stops_working_at_its_expiry(session: Session) -> None:
    expiry = dt.datetime(2019, 1, 1, 12, 0, tzinfo=dt.UTC)
    _token, clear = create_token(session=session, unit_id=None, role="viewer", expires_at=expiry)
    session.commit()
    assert authenticate(session=session, bearer=clear, now=NOW) is not None
    assert authenticate(session=session, bearer=clear, now=expiry) is None


def test_a_revoked_token_stops_working_and_revoking_again_keeps_the_first_time(session: Session) -> None:
    token, clear = create_token(session=session, unit_id=None, role="admin")
    revoke_token(session=session, token_id=token.id, now=NOW)
    revoke_token(session=session, token_id=token.id, now=NOW + dt.timedelta(days=1))
    session.commit()
    assert authenticate(session=session, bearer=clear, now=NOW + dt.timedelta(hours=1)) is None
    assert [t.revoked_at for t in list_tokens(session=session)] == [NOW]


def test_roles_are_checked_and_a_reporter_needs_a_unit(session: Session) -> None:
    with pytest.raises(ValueError, match="role"):
        create_token(session=session, unit_id=None, role="superuser")
    with pytest.raises(ValueError, match="unit"):
        create_token(session=session, unit_id=None, role="reporter")


def test_the_clear_token_never_reaches_the_database_file(
    sqlite_engine: Engine, db_file: Path
) -> None:
    with Session(sqlite_engine) as s:
        _token, clear = create_token(session=s, unit_id=unit_id(s, "市商务局"), role="reporter")
        s.commit()
    with sqlite_engine.connect() as conn:  # fold the WAL into the main file, then read both
        checkpoint_wal(connection=conn)
    sqlite_engine.dispose()
    stored = b"".join(p.read_bytes() for p in db_file.parent.glob(db_file.name + "*"))
    secret = clear.split("_", 2)[2]
    assert hash_token(clear).encode() in stored  # the hash is there, so the file was read
    assert clear.encode() not in stored and secret.encode() not in stored
