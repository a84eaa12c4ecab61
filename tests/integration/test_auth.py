"""Signing in, refreshing and signing out: argon2 hashes, one-hour access tokens, single-use refresh
tokens whose reuse revokes the session, logout, disabled accounts and per-user limits."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from litestar.testing import TestClient
from sqlalchemy import text

from bot_api.app import create_app
from bot_api.ratelimit import WINDOW_SECONDS
from ehub.auth.errors import AuthenticationError
from ehub.auth.tokens import ACCESS_LIFETIME, issue_tokens, verify_access_token
from ehub.auth.users import authenticate, create_user, disable_user, reset_password
from ehub.bots.audit import INTERNAL
from ehub.crypto import cipher_from_settings
from ehub.db import Database
from ehub.errors import ValidationError
from ehub.settings import load_settings

PASSWORD = "correct horse battery staple"


@pytest.fixture
def api(migrated: Database, data_dir):
    settings = load_settings(database_url=migrated.url, data_dir=data_dir)
    user, _ = create_user(migrated, "dana", "admin", INTERNAL, password=PASSWORD, requests_per_minute=20)
    with TestClient(app=create_app(settings)) as client:
        yield client, migrated, user, cipher_from_settings(settings)


def _sign_in(client: TestClient, password: str = PASSWORD):
    return client.post("/v1/auth/token", json={"username": "dana", "password": password})


def test_passwords_are_stored_as_argon2id_and_checked(migrated: Database) -> None:
    create_user(migrated, "erin", "analyst", INTERNAL, password=PASSWORD)
    with migrated.engine.connect() as connection:
        stored = connection.execute(text("select password_hash from app.users where username = 'erin'")).scalar_one()
    assert stored.startswith("$argon2id$") and "m=65536" in stored and PASSWORD not in stored
    assert authenticate(migrated, "erin", PASSWORD).role == "analyst"
    for username, password in (("erin", "wrong password!"), ("nobody", PASSWORD)):
        with pytest.raises(AuthenticationError):
            authenticate(migrated, username, password)
    with pytest.raises(ValidationError):
        create_user(migrated, "frank", "analyst", INTERNAL, password="short")
    with pytest.raises(ValidationError):
        create_user(migrated, "gina@example.com", "analyst", INTERNAL)  # a username is never an email
    with pytest.raises(ValidationError):
        create_user(migrated, "hank", "agent", INTERNAL)  # an agent needs their GoHighLevel user


def test_sign_in_gives_a_one_hour_token_that_works_on_the_api(api) -> None:
    client, _, user, cipher = api
    answer = _sign_in(client)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == int(ACCESS_LIFETIME.total_seconds())
    claims = verify_access_token(cipher, body["access_token"])
    assert claims is not None and claims.user_id == user.user_id and claims.role == "admin"
    me = client.get("/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200 and me.json()["username"] == "dana"
    assert client.get("/v1/auth/me", headers={"Authorization": "Bearer not.a.token"}).status_code == 401
    wrong = _sign_in(client, "wrong password!")
    assert wrong.status_code == 401 and wrong.json()["code"] == "LOGIN_FAILED"


def test_refresh_rotates_and_a_reused_refresh_token_revokes_the_whole_session(api) -> None:
    client, database, _, _ = api
    first = _sign_in(client).json()
    second = client.post("/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert second.status_code == 200 and second.json()["refresh_token"] != first["refresh_token"]
    third = client.post("/v1/auth/refresh", json={"refresh_token": second.json()["refresh_token"]})
    assert third.status_code == 200
    stolen = client.post("/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert stolen.status_code == 401 and stolen.json()["code"] == "REFRESH_REUSED"
    # The family is gone: the newest refresh token and every access token of the session stop working.
    newest = client.post("/v1/auth/refresh", json={"refresh_token": third.json()["refresh_token"]})
    assert newest.status_code == 401
    with database.engine.connect() as connection:
        reason = connection.execute(text("select revoked_reason from app.auth_sessions")).scalar_one()
        audited = connection.execute(text("select count(*) from app.audit_log where action = 'refresh_token_reuse'"))
        assert reason == "refresh_token_reuse" and audited.scalar_one() == 1


def test_logout_and_a_disabled_account_stop_the_tokens(api) -> None:
    client, database, user, cipher = api
    session = _sign_in(client).json()
    bearer = {"Authorization": f"Bearer {session['access_token']}"}
    assert client.get("/v1/auth/me", headers=bearer).status_code == 200
    assert client.post("/v1/auth/logout", headers=bearer).status_code == 200
    assert client.get("/v1/auth/me", headers=bearer).status_code == 401, "logout applies at once in this process"
    assert client.post("/v1/auth/refresh", json={"refresh_token": session["refresh_token"]}).status_code == 401

    other = issue_tokens(database, cipher, user, datetime.now(UTC), route="test")
    disable_user(database, "dana", INTERNAL)
    assert _sign_in(client).status_code == 401
    assert client.post("/v1/auth/refresh", json={"refresh_token": other.refresh_token}).status_code == 401
    _, password = reset_password(database, "dana", INTERNAL)
    assert _sign_in(client, password).status_code == 200, "a reset enables the account again"


def test_an_expired_access_token_is_refused(api) -> None:
    client, database, user, cipher = api
    old = issue_tokens(database, cipher, user, datetime.now(UTC) - timedelta(hours=2), route="test")
    assert client.get("/v1/auth/me", headers={"Authorization": f"Bearer {old.access_token}"}).status_code == 401


def _in_a_fresh_window(seconds_needed: float = 10) -> None:
    """Limits count in fixed one-minute windows: a burst that straddles a boundary starts over."""
    left = WINDOW_SECONDS - time.time() % WINDOW_SECONDS
    if left < seconds_needed:
        time.sleep(left + 0.05)


def test_each_user_has_a_rate_limit_and_failed_sign_ins_are_limited_per_username(api) -> None:
    client, _, _, _ = api
    bearer = {"Authorization": f"Bearer {_sign_in(client).json()['access_token']}"}
    _in_a_fresh_window()
    statuses = [client.get("/v1/auth/me", headers=bearer).status_code for _ in range(21)]
    assert statuses[:20] == [200] * 20 and statuses[20] == 429
    _in_a_fresh_window()
    failures = [_sign_in(client, "wrong password!").status_code for _ in range(11)]
    assert failures[:10] == [401] * 10 and failures[10] == 429
