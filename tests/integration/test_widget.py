"""The web widget's API: the script as served, CORS for the allowed origins only (preflight included),
the panel's words, the TCPA consent a phone needs from a public key, listing cards, the demo page."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from litestar.testing import TestClient
from sqlalchemy import text

from bot_api.app import create_app
from bot_api.chat.schemas import ListingCard, listing_cards
from bot_api.widget.controllers import STATIC
from ehub.bots.apikeys import create_key
from ehub.bots.wording import LANGUAGES
from ehub.compliance.fair_housing import check_text
from ehub.crypto import cipher_from_settings
from ehub.db import Database
from ehub.errors import ConfigError
from ehub.market.records import Listing
from ehub.settings import load_settings

SITE = "https://www.example-realty.com"
OTHER_SITE = "https://evil.example.net"
PHONE = "(512) 555-0142"


@pytest.fixture
def widget_api(migrated: Database, data_dir):
    """The API allowing one site to embed the widget, with a public widget key and a trusted key."""
    settings = load_settings(
        database_url=migrated.url, data_dir=data_dir, widget_origins=f"{SITE},https://example-realty.com"
    )
    keys = {
        "widget": create_key(migrated, "widget", ["chat"])[1],
        "trusted": create_key(migrated, "crm", ["chat", "leads"])[1],
    }
    with TestClient(app=create_app(settings)) as client:
        yield client, migrated, keys, settings


def _leads(database: Database) -> int:
    with database.engine.connect() as connection:
        return connection.execute(text("select count(*) from app.leads")).scalar_one()


def test_widget_js_is_the_repository_file_served_as_javascript_with_caching_headers(widget_api) -> None:
    client = widget_api[0]
    response = client.get("/widget.js")
    assert response.status_code == 200
    assert response.content == (STATIC / "widget.js").read_bytes()
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["cache-control"] == "public, max-age=300, must-revalidate"
    assert response.headers["x-content-type-options"] == "nosniff"
    etag = response.headers["etag"]
    again = client.get("/widget.js", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert client.get("/widget.js", headers={"If-None-Match": '"stale"'}).status_code == 200
    assert b".innerHTML" not in response.content, "server text is only ever set as text"


def test_a_preflight_from_an_allowed_origin_is_answered_and_any_other_refused(widget_api) -> None:
    client = widget_api[0]
    asking = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type,x-api-key"}
    for path in ("/v1/chat", "/v1/widget"):
        allowed = client.options(path, headers={"Origin": SITE, **asking})
        assert allowed.status_code == 204, allowed.text
        assert allowed.headers["access-control-allow-origin"] == SITE
        assert "POST" in allowed.headers["access-control-allow-methods"]
        assert "X-API-Key" in allowed.headers["access-control-allow-headers"]
        assert allowed.headers["vary"] == "Origin" and int(allowed.headers["access-control-max-age"]) > 0
        refused = client.options(path, headers={"Origin": OTHER_SITE, **asking})
        assert refused.status_code == 403 and refused.json()["code"] == "CORS_ORIGIN_REFUSED"
        assert "access-control-allow-origin" not in refused.headers


def test_chat_from_an_allowed_origin_carries_cors_headers_and_from_another_is_refused_before_any_lead(
    widget_api,
) -> None:
    client, database, keys, _ = widget_api
    key = {"X-API-Key": keys["widget"]}
    allowed = client.post("/v1/chat", json={"message": "hi"}, headers={**key, "Origin": SITE})
    assert allowed.status_code == 201, allowed.text
    assert allowed.headers["access-control-allow-origin"] == SITE
    assert "Retry-After" in allowed.headers["access-control-expose-headers"]
    assert _leads(database) == 1
    refused = client.post("/v1/chat", json={"message": "hi"}, headers={**key, "Origin": OTHER_SITE})
    assert refused.status_code == 403 and refused.json()["code"] == "CORS_ORIGIN_REFUSED"
    assert "access-control-allow-origin" not in refused.headers
    assert _leads(database) == 1, "a refused origin's message never reaches the bots"
    # The API's own pages (the demo page) are same-origin; a call without Origin is no browser's.
    own = client.post("/v1/chat", json={"message": "hi"}, headers={**key, "Origin": "http://testserver.local"})
    assert own.status_code == 201 and own.headers["access-control-allow-origin"] == "http://testserver.local"
    server_side = client.post("/v1/chat", json={"message": "hi"}, headers=key)
    assert server_side.status_code == 201 and "access-control-allow-origin" not in server_side.headers
    # Routes the widget does not use answer no origin at all.
    other_route = client.get("/v1/leads", headers={"X-API-Key": keys["trusted"], "Origin": SITE})
    assert other_route.status_code == 200 and "access-control-allow-origin" not in other_route.headers


def test_a_rate_limited_widget_call_still_tells_the_page_when_to_retry(migrated: Database, data_dir) -> None:
    settings = load_settings(
        database_url=migrated.url, data_dir=data_dir, widget_origins=SITE, chat_visitor_requests_per_minute=2
    )
    key = create_key(migrated, "widget", ["chat"])[1]
    with TestClient(app=create_app(settings)) as client:
        statuses = [
            client.post("/v1/chat", json={"message": "hi"}, headers={"X-API-Key": key, "Origin": SITE})
            for _ in range(4)
        ]
    limited = statuses[-1]
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    assert limited.headers["access-control-allow-origin"] == SITE, "else the page could not read Retry-After"
    assert "Retry-After" in limited.headers["access-control-expose-headers"]


def test_the_panel_gets_its_words_in_the_visitors_language_and_the_notices(widget_api) -> None:
    client, _, keys, _ = widget_api
    english = client.get("/v1/widget", headers={"X-API-Key": keys["widget"], "Origin": SITE})
    assert english.status_code == 200 and english.headers["access-control-allow-origin"] == SITE
    body = english.json()
    assert body["language"] == "en" and body["max_message_chars"] == 2000
    assert "AI assistant" in body["texts"]["widget.disclosure"] and "not a person" in body["texts"]["widget.disclosure"]
    assert "Demo Realty" in body["texts"]["widget.consent"], "the consent names the brokerage"
    assert "not a condition of any purchase" in body["texts"]["widget.consent.terms"]
    assert "{seconds}" in body["texts"]["widget.rate_limited"], "the widget fills in the wait itself"
    assert body["notices"]["iabs_url"].startswith("https://") and body["notices"]["license_number"]
    spanish = client.get("/v1/widget?lang=es", headers={"X-API-Key": keys["widget"]}).json()
    assert spanish["language"] == "es" and "asistente de IA" in spanish["texts"]["widget.disclosure"]
    assert set(spanish["texts"]) == set(body["texts"])
    assert all(not check_text(words) for words in [*body["texts"].values(), *spanish["texts"].values()])
    assert client.get("/v1/widget?lang=fr", headers={"X-API-Key": keys["widget"]}).status_code == 400


def test_a_key_that_may_read_leads_is_never_a_widget_key(widget_api) -> None:
    client, _, keys, _ = widget_api
    refused = client.get("/v1/widget", headers={"X-API-Key": keys["trusted"]})
    assert refused.status_code == 403 and "only the chat scope" in refused.json()["message"]


def test_a_phone_from_the_widget_needs_the_consent_box_ticked(widget_api) -> None:
    client, database, keys, settings = widget_api
    key = {"X-API-Key": keys["widget"], "Origin": SITE}
    without = client.post("/v1/chat", json={"message": "hi", "contact": {"phone": PHONE}}, headers=key)
    assert without.status_code == 403, without.text
    assert without.json()["code"] == "CONSENT_REQUIRED" and without.json()["field"] == "contact.sms_consent"
    unticked = {"phone": PHONE, "sms_consent": False}
    assert client.post("/v1/chat", json={"message": "hi", "contact": unticked}, headers=key).status_code == 403
    assert _leads(database) == 0, "nothing is written for a refused phone"
    email_only = client.post("/v1/chat", json={"message": "hi", "contact": {"email": "a@example.com"}}, headers=key)
    assert email_only.status_code == 201, "an email alone needs no phone consent"
    ticked = {"phone": PHONE, "sms_consent": True, "name": "Ana"}
    agreed = client.post("/v1/chat", json={"message": "hi", "contact": ticked}, headers=key)
    assert agreed.status_code == 201, agreed.text
    with database.engine.connect() as connection:
        sealed = connection.execute(
            text("select pii_sealed from app.leads where lead_id = cast(:id as uuid)"), {"id": agreed.json()["lead_id"]}
        ).scalar_one()
    assert "555" not in sealed and "Ana" not in sealed, "kept sealed"
    details = cipher_from_settings(settings).decrypt(sealed)
    assert PHONE in details and '"sms_consent_at": "20' in details, "when they agreed is kept with the number"
    trusted = client.post(
        "/v1/chat", json={"message": "hi", "contact": {"phone": PHONE}}, headers={"X-API-Key": keys["trusted"]}
    )
    assert trusted.status_code == 201, "a trusted caller (the CRM) holds its own consent records"


def test_listing_cards_are_the_homes_the_reply_quotes_bounded_and_typed() -> None:
    homes = [
        Listing(f"L{n}", f"{n} Oak St", "Round Rock", "78664", 450_000 + n, 3, 2, 1900.0, 236.84, "Townhouse", 12)
        for n in range(7)
    ]
    cards = listing_cards({"listings": [asdict(home) for home in homes]})
    assert len(cards) == 5 and all(isinstance(card, ListingCard) for card in cards)
    assert cards[0].street_address == "0 Oak St" and cards[0].bedrooms == 3 and cards[0].days_on_market == 12
    assert listing_cards({"listing": asdict(homes[1])})[0].listing_key == "L1", "the one home asked about"
    assert listing_cards({"listing": {"listing_key": "L9", "listed": False}}) == [], "a home no longer listed"
    assert listing_cards({"market": {"sold": 3}}) == []


def test_the_demo_page_exists_only_with_a_demo_key_and_never_in_production(migrated: Database, data_dir) -> None:
    key = create_key(migrated, "demo page widget (ehub demo)", ["chat"])[1]
    with TestClient(app=create_app(load_settings(database_url=migrated.url, data_dir=data_dir))) as client:
        assert client.get("/").status_code == 404
    demo_settings = load_settings(database_url=migrated.url, data_dir=data_dir, widget_demo_key=key)
    with TestClient(app=create_app(demo_settings)) as client:
        page = client.get("/")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert f'<script src="/widget.js" data-key="{key}" async></script>' in page.text
        assert (
            page.headers["cache-control"] == "no-store"
            and "script-src 'self'" in page.headers["content-security-policy"]
        )
        assert "/" not in client.get("/schema/openapi.json").json()["paths"]
    with pytest.raises(ConfigError, match="EHUB_WIDGET_DEMO_KEY is refused in production"):
        load_settings(env="production", widget_demo_key=key)


def test_origins_must_be_exact_origins() -> None:
    assert load_settings(widget_origins="https://a.example.com, http://localhost:8080/").widget_origin_list == {
        "https://a.example.com",
        "http://localhost:8080",
    }
    for wrong in ("*", "https://a.example.com/path", "a.example.com"):
        with pytest.raises(ConfigError):
            load_settings(widget_origins=wrong)


def test_every_widget_word_exists_in_both_languages() -> None:
    english = {key for key in LANGUAGES["en"] if key.startswith("widget.")}
    assert english == {key for key in LANGUAGES["es"] if key.startswith("widget.")} and len(english) > 20
