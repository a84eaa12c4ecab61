"""Who may call what: every route of the API walked with every kind of caller, against the matrix.

Public routes outside `/v1` (the widget's script, notices, health) are walked too: anyone may call them.

Callers: nobody, a public chat key, a `leads` key, a `market` key, and the three roles (admin,
agent, analyst) signed in with access tokens. A route nobody listed here fails the test, so a new
route cannot ship without its line in the matrix; a route declaring no access is refused to all.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from litestar.testing import TestClient
from psycopg.types.json import Jsonb
from sqlalchemy import text

from bot_api.access import Access
from bot_api.app import create_app
from ehub.auth.tokens import issue_tokens
from ehub.auth.users import create_user
from ehub.bots.apikeys import create_key
from ehub.bots.audit import INTERNAL
from ehub.bots.engine import Engine
from ehub.bots.service import BotService
from ehub.crypto import cipher_from_settings
from ehub.db import Database
from ehub.settings import load_settings

CALLERS = ("nobody", "chat_key", "leads_key", "market_key", "admin", "agent", "analyst")
USERS = ("admin", "agent", "analyst")
EVERYONE = set(CALLERS)
PEOPLE = set(USERS)

# (method, route as Litestar names it) -> the callers admitted
MATRIX: dict[tuple[str, str], set[str]] = {
    ("POST", "/v1/auth/token"): EVERYONE,
    ("POST", "/v1/auth/refresh"): EVERYONE,
    ("POST", "/v1/auth/logout"): PEOPLE,
    ("GET", "/v1/auth/me"): PEOPLE,
    ("POST", "/v1/chat"): {"chat_key"},
    ("GET", "/v1/widget"): {"chat_key"},
    ("POST", "/v1/consultations"): {"leads_key", "admin"},
    ("GET", "/v1/leads"): {"leads_key", "admin", "agent", "analyst"},
    ("GET", "/v1/leads/{lead_id:uuid}"): {"leads_key", "admin", "agent"},
    ("GET", "/v1/properties/search"): {"market_key", "admin", "agent", "analyst"},
    ("POST", "/v1/cma"): {"market_key", "admin", "agent", "analyst"},
    ("POST", "/v1/privacy/export"): {"admin"},
    ("POST", "/v1/privacy/erase"): {"admin"},
    ("GET", "/v1/admin/users"): {"admin"},
    ("POST", "/v1/admin/users"): {"admin"},
    ("POST", "/v1/admin/users/{username:str}/disable"): {"admin"},
    ("GET", "/v1/admin/keys"): {"admin"},
    ("POST", "/v1/admin/keys"): {"admin"},
    ("POST", "/v1/admin/keys/{key_id:str}/revoke"): {"admin"},
    ("GET", "/v1/admin/audit/verify"): {"admin"},
}
CMA = {"property_sub_type": "SingleFamilyResidence", "latitude": 30.27, "longitude": -97.74, "living_area_sqft": 1800}


@pytest.fixture
def world(migrated: Database, data_dir):
    """The API, one key per scope, three users signed in, and two CRM leads: the agent's and another's."""
    settings = load_settings(database_url=migrated.url, data_dir=data_dir)
    cipher = cipher_from_settings(settings)
    service = BotService(migrated, cipher, Engine())
    now = datetime.now(UTC)
    with migrated.engine.begin() as connection:
        for contact, agent in (("c-mine", "ghl-agent-a"), ("c-theirs", "ghl-agent-b")):
            connection.execute(
                text(
                    "insert into raw.ghl_contacts (contact_id, payload, _source_modified_at) "
                    "values (:id, :payload, now())"
                ),
                {"id": contact, "payload": Jsonb({"id": contact, "assignedTo": agent})},
            )
        mine = service.register_contact(connection, "c-mine", None)
        theirs = service.register_contact(connection, "c-theirs", None)
    keys = {
        "chat_key": create_key(migrated, "widget", ["chat"])[1],
        "leads_key": create_key(migrated, "crm", ["leads"])[1],
        "market_key": create_key(migrated, "site", ["market"])[1],
    }
    users, passwords = {}, {}
    for role in USERS:
        user, password = create_user(
            migrated, f"{role}-one", role, INTERNAL, ghl_user_id="ghl-agent-a" if role == "agent" else None
        )
        users[role], passwords[role] = user, password
    with TestClient(app=create_app(settings)) as client:
        tokens = {role: issue_tokens(migrated, cipher, users[role], now, route="test") for role in USERS}
        headers = {"nobody": {}, **{name: {"X-API-Key": key} for name, key in keys.items()}}
        headers |= {role: {"Authorization": f"Bearer {tokens[role].access_token}"} for role in USERS}
        yield {
            "client": client,
            "database": migrated,
            "cipher": cipher,
            "headers": headers,
            "users": users,
            "passwords": passwords,
            "leads": {"mine": mine, "theirs": theirs},
        }


def _request(world, caller: str, method: str, route: str):
    client, headers = world["client"], dict(world["headers"][caller])
    database, cipher = world["database"], world["cipher"]
    path = (
        route.replace("{lead_id:uuid}", world["leads"]["mine"])
        .replace("{username:str}", "nobody-here")
        .replace("{key_id:str}", "0123456789ab")
    )
    body = {
        "/v1/auth/token": {"username": "analyst-one", "password": world["passwords"]["analyst"]},
        "/v1/chat": {"message": "hi"},
        "/v1/consultations": {"lead_id": world["leads"]["mine"]},
        "/v1/cma": CMA,
        "/v1/privacy/export": {"email": "nobody@example.com"},
        "/v1/privacy/erase": {"email": "nobody@example.com"},
        "/v1/admin/users": {"username": f"made-by-{caller}", "role": "analyst"},
        "/v1/admin/keys": {"name": "made in the matrix", "scopes": ["market"]},
    }.get(route)
    if route == "/v1/auth/refresh":  # a fresh refresh token each time: a used one is a theft signal
        pair = issue_tokens(database, cipher, world["users"]["analyst"], datetime.now(UTC), route="test")
        body = {"refresh_token": pair.refresh_token}
    if route == "/v1/auth/logout" and caller in USERS:  # sign out a session of its own, not the matrix's
        pair = issue_tokens(database, cipher, world["users"][caller], datetime.now(UTC), route="test")
        headers["Authorization"] = f"Bearer {pair.access_token}"
    return (
        client.request(method, path, headers=headers, json=body)
        if body is not None
        else client.request(method, path, headers=headers)
    )


MATRIX_ACCESS: dict[tuple[str, str], Access] = {}


def _declared(world) -> dict[tuple[str, str], Access]:
    declared = {}
    for route in world["client"].app.routes:
        for handler in route.route_handlers:
            for method in handler.http_methods - {"OPTIONS", "HEAD"}:
                if route.path.startswith("/v1/"):
                    declared[(method, route.path)] = handler.opt.get("access")
    return declared


def test_every_route_declares_its_access_and_is_in_the_matrix(world) -> None:
    declared = _declared(world)
    assert set(declared) == set(MATRIX), set(declared) ^ set(MATRIX)
    assert all(isinstance(access, Access) for access in declared.values()), declared


def test_every_route_with_every_caller_matches_the_matrix(world) -> None:
    MATRIX_ACCESS.update(_declared(world))
    wrong = []
    for (method, route), admitted in MATRIX.items():
        for caller in CALLERS:
            response = _request(world, caller, method, route)
            refused = response.status_code in (401, 403)
            if refused == (caller in admitted):
                wrong.append((method, route, caller, response.status_code, response.text[:120]))
            if refused:  # 401 without the kind of credential the route takes, 403 with one it does not admit
                access = MATRIX_ACCESS[(method, route)]
                takes = (access.scopes and caller.endswith("_key")) or (access.roles and caller in USERS)
                expected = 403 if takes else 401
                if response.status_code != expected:
                    wrong.append((method, route, caller, response.status_code, f"expected {expected}"))
                assert set(response.json()) <= {"error", "message", "field", "code"}
    assert wrong == [], "\n".join(map(str, wrong))


# Routes outside /v1 that anyone may call, with what each answers.
PUBLIC_ROUTES = {"/health": 200, "/notices": 200, "/widget.js": 200, "/": 404}


def test_public_routes_answer_every_caller_alike(world) -> None:
    for path, status in PUBLIC_ROUTES.items():
        answers = {caller: _request(world, caller, "GET", path).status_code for caller in CALLERS}
        assert set(answers.values()) == {status}, (path, answers)


def test_an_agent_sees_only_their_own_leads_and_an_analyst_no_personal_data(world) -> None:
    client, headers, leads = world["client"], world["headers"], world["leads"]
    listed = client.get("/v1/leads", headers=headers["agent"]).json()
    assert [lead["lead_id"] for lead in listed] == [leads["mine"]]
    assert client.get(f"/v1/leads/{leads['mine']}", headers=headers["agent"]).status_code == 200
    other = client.get(f"/v1/leads/{leads['theirs']}", headers=headers["agent"])
    assert other.status_code == 404 and other.json()["code"] == "LEAD_NOT_FOUND", "another agent's lead does not exist"
    everyone = {lead["lead_id"] for lead in client.get("/v1/leads", headers=headers["admin"]).json()}
    assert everyone == {leads["mine"], leads["theirs"]}
    analyst = client.get("/v1/leads", headers=headers["analyst"]).json()
    assert all(
        set(lead)
        <= {
            "lead_id",
            "bot",
            "channel",
            "score",
            "temperature",
            "variant",
            "opted_out",
            "handed_off",
            "ghl_contact_id",
            "updated_at",
        }
        for lead in analyst
    )
    assert client.get(f"/v1/leads/{leads['mine']}", headers=headers["analyst"]).status_code == 403


def test_every_access_is_audited_naming_the_user_the_route_and_the_subject(world) -> None:
    client, headers, leads = world["client"], world["headers"], world["leads"]
    client.get(f"/v1/leads/{leads['mine']}", headers=headers["agent"])
    client.post("/v1/admin/keys", headers=headers["admin"], json={"name": "audited", "scopes": ["market"]})
    with world["database"].engine.connect() as connection:
        rows = connection.execute(
            text("select actor_kind, key_id, route, action, cast(lead_id as text), subject, at from app.audit_log")
        ).all()
    agent, admin = world["users"]["agent"].user_id, world["users"]["admin"].user_id
    assert ("user", agent, "GET /v1/leads/{lead_id}", "read_lead", leads["mine"]) in [row[:5] for row in rows]
    created = [row for row in rows if row.action == "create_api_key"]
    assert created and created[0].key_id == admin and created[0].subject.startswith("key:") and created[0].at
