"""Who is asking: a principal is read from the request's bearer token, and a bad token is
never downgraded to anonymous."""

from __future__ import annotations

from sqlmodel import Session

from access.principal import Principal, may_read, read_principal, within_jurisdiction
from extract.divisions import by_code
from store.crud.jurisdictions import ensure_jurisdiction
from store.tokens import create_token
from tests.store.conftest import unit_id


def test_a_valid_token_reads_as_its_unit_role_and_public_id(session: Session) -> None:
    planning = unit_id(session, "市规划局")
    token, clear = create_token(session=session, unit_id=planning, role="reporter")
    session.commit()
    principal = read_principal(session=session, headers={"authorization": f"Bearer {clear}"})
    assert (principal.token_id, principal.role, principal.unit_name) == (token.id, "reporter", "市规划局")
    assert principal.actor == token.id and not principal.anonymous and not principal.invalid


def test_an_unknown_or_tampered_bearer_token_is_invalid_not_anonymous(session: Session) -> None:
    _token, clear = create_token(session=session, unit_id=None, role="viewer")
    session.commit()
    tampered = clear[:-1] + ("A" if clear[-1] != "A" else "B")
    for header in (f"Bearer {tampered}", "Bearer pg_nosecret", "Bearer "):
        principal = read_principal(session=session, headers={"authorization": header})
        assert principal.invalid, header
        assert may_read(principal, anonymous_read=True) == "invalid_token"


def test_no_token_or_another_scheme_is_anonymous(session: Session) -> None:
    for headers in ({}, {"authorization": "Basic eDp5"}, None):
        principal = read_principal(session=session, headers=headers)
        assert principal == Principal() and principal.actor == "anonymous"


def test_a_county_lies_within_its_city_and_province_but_not_beside_them(session: Session) -> None:
    province = ensure_jurisdiction(session=session, division=by_code("330000000000"))
    wenzhou = ensure_jurisdiction(session=session, division=by_code("330300000000"))
    taishun = ensure_jurisdiction(session=session, division=by_code("330329000000"))
    hangzhou = ensure_jurisdiction(session=session, division=by_code("330100000000"))
    session.commit()
    assert within_jurisdiction(session=session, inner=taishun.id, outer=wenzhou.id)
    assert within_jurisdiction(session=session, inner=taishun.id, outer=province.id)
    assert within_jurisdiction(session=session, inner=wenzhou.id, outer=wenzhou.id)
    assert not within_jurisdiction(session=session, inner=taishun.id, outer=hangzhou.id)
    assert not within_jurisdiction(session=session, inner=wenzhou.id, outer=taishun.id)
    assert not within_jurisdiction(session=session, inner=None, outer=wenzhou.id)
