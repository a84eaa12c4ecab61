"""The web widget as a visitor uses it: the demo page in headless Chromium (driven over the DevTools
protocol, as the dashboard screenshots are), against the real API on the built sandbox marts.

The visitor opens the chat with the keyboard, types, gets replies with listing cards from the marts,
ticks the consent box before giving a phone, reloads and carries on with the same conversation, and
runs into the rate limit, which the panel explains with when to retry.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text

from ehub.bots.apikeys import create_key
from ehub.crypto import PersonalDataCipher, cipher_from_settings
from ehub.db import Database
from ehub.errors import ConfigError
from ehub.settings import load_settings
from tests.api_server import serve_api
from tests.conftest import BuiltMarts
from tools.dashboards.screenshots import Chromium, chromium_binary

pytestmark = pytest.mark.slow

VISITOR_LIMIT = 8  # messages a minute one address may send through the widget key, low enough to reach
PHONE = "512-555-0187"
MOBILE = {"width": 390, "height": 780, "deviceScaleFactor": 1, "mobile": True}
# Every probe runs inside the widget's shadow root.
IN_WIDGET = "(() => {{ const root = document.querySelector('[data-ehub-widget]')?.shadowRoot; {body} }})()"
KEYS = {
    "Tab": {"key": "Tab", "code": "Tab", "windowsVirtualKeyCode": 9},
    "Enter": {"key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13, "text": "\r"},
    "Escape": {"key": "Escape", "code": "Escape", "windowsVirtualKeyCode": 27},
}


class Visitor:
    """One browser tab on the demo page: keys pressed, text typed, the widget read."""

    def __init__(self, browser: Chromium) -> None:
        self.browser = browser

    def widget(self, body: str) -> Any:
        return self.browser.evaluate(IN_WIDGET.format(body=body))

    def wait_for(self, body: str, what: str, timeout: float = 30) -> Any:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.widget(body)
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"the widget never showed {what}; status: {self.status()!r}")

    def press(self, name: str) -> None:
        self.browser.send("Input.dispatchKeyEvent", {"type": "keyDown", **KEYS[name]})
        self.browser.send("Input.dispatchKeyEvent", {"type": "keyUp", **KEYS[name]})

    def type(self, words: str) -> None:
        self.browser.send("Input.insertText", {"text": words})

    def focused(self) -> str | None:
        return self.widget("const f = root && root.activeElement; return f ? (f.id || f.className) : null;")

    def status(self) -> str:
        return self.widget("return root ? root.querySelector('.status').textContent : '';") or ""

    def entries(self) -> list[dict[str, Any]]:
        return self.widget(
            "return Array.from(root.querySelectorAll('.log > li')).map(li => ({who: li.className, "
            "text: li.querySelector('.text').textContent, "
            "cards: Array.from(li.querySelectorAll('.card')).map(c => ({key: c.dataset.listingKey, "
            "address: c.querySelector('.address').textContent, price: c.querySelector('.price').textContent}))}));"
        )

    def say(self, words: str) -> dict[str, Any]:
        """Type a message in the panel, press Enter, and wait for Jorge's reply."""
        before = len(self.entries())
        self.type(words)
        self.press("Enter")
        self.wait_for(f"return root.querySelectorAll('.log > li').length >= {before + 2};", f"a reply to {words!r}")
        return self.entries()[-1]

    def session(self) -> dict[str, Any]:
        """The session the widget keeps in sessionStorage, and the lead its token names."""
        kept = json.loads(
            self.browser.evaluate(
                "Object.keys(sessionStorage).filter(k => !k.includes(':config:'))"
                ".map(k => sessionStorage.getItem(k))[0] || 'null'"
            )
            or "null"
        )
        payload = kept["token"].split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return {**kept, "lead_id": claims["sub"]}


@pytest.fixture
def demo_page(marts_copy: str, built_marts: BuiltMarts, tmp_path) -> Iterator[tuple[str, Database, PersonalDataCipher]]:
    """The API on a copy of the built marts, serving the demo page with a widget key of its own."""
    try:
        chromium_binary()
    except ConfigError:
        pytest.fail("Chromium is required for the widget test: apt-get install chromium")
    database = Database(marts_copy)
    built = built_marts.settings
    keys = {
        "EHUB_ENCRYPTION_KEYS": built.encryption_keys.get_secret_value(),
        "EHUB_BLIND_INDEX_KEY": built.blind_index_key.get_secret_value(),
    }
    try:
        key = create_key(database, "demo page widget (ehub demo)", ["chat"], requests_per_minute=1000)[1]
        settings = load_settings(database_url=marts_copy, data_dir=tmp_path)
        environment = {"EHUB_WIDGET_DEMO_KEY": key, "EHUB_CHAT_VISITOR_REQUESTS_PER_MINUTE": str(VISITOR_LIMIT)}
        with serve_api(settings, database, tmp_path / "api.log", **environment, **keys) as url:
            yield url, database, cipher_from_settings(built)
    finally:
        database.dispose()


def _messages(database: Database, lead_id: str) -> int:
    with database.engine.connect() as connection:
        return connection.execute(
            text("select count(*) from app.conversation_messages where lead_id = cast(:id as uuid)"), {"id": lead_id}
        ).scalar_one()


def test_a_visitor_chats_with_jorge_on_the_demo_page_and_a_reload_continues_the_conversation(demo_page) -> None:
    url, database, cipher = demo_page
    with Chromium() as browser:
        visitor = Visitor(browser)
        browser.send("Emulation.setDeviceMetricsOverride", MOBILE)
        browser.send("Emulation.setFocusEmulationEnabled", {"enabled": True})
        browser.send("Page.enable")
        browser.send("Page.navigate", {"url": f"{url}/"})
        visitor.wait_for("return !!(root && root.querySelector('.launcher'));", "its launcher")

        # Keyboard only: Tab reaches the launcher, Enter opens the panel with the focus in the message box.
        visitor.press("Tab")
        assert visitor.focused() == "launcher"
        visitor.press("Enter")
        visitor.wait_for("return !root.querySelector('.panel').hidden;", "the open panel")
        assert visitor.focused() == "ehub-message"
        panel = visitor.widget(
            "const p = root.querySelector('.panel'), r = p.getBoundingClientRect(); return {"
            "role: p.getAttribute('role'), label: root.getElementById(p.getAttribute('aria-labelledby')).textContent, "
            "log: ['role', 'aria-live'].map(a => root.querySelector('.log').getAttribute(a)).join('/'), "
            "disclosure: root.querySelector('.disclosure').textContent, width: r.width, "
            "message_label: root.querySelector('label[for=ehub-message]').textContent, "
            "links: Array.from(root.querySelectorAll('footer a')).map(a => a.href), "
            "phone_disabled: root.getElementById('ehub-phone').disabled};"
        )
        assert panel["role"] == "dialog" and panel["label"] == "Chat with Jorge" and panel["log"] == "log/polite"
        assert "AI assistant" in panel["disclosure"] and panel["message_label"] == "Your message"
        assert 300 <= panel["width"] <= MOBILE["width"], "the panel fits a phone's width"
        assert panel["phone_disabled"], "no phone number before the consent box is ticked"
        assert any("trec.texas.gov" in link for link in panel["links"]) and len(panel["links"]) == 2

        greeting = visitor.say("hi there")
        assert greeting["who"] == "jorge" and "AI assistant" in greeting["text"]
        homes = visitor.say("looking to buy a 3 bed in Round Rock under 550k")
        assert homes["cards"], f"no listing cards with {homes['text']!r}"
        with database.engine.connect() as connection:
            listed = connection.execute(
                text(
                    "select listing_key, street_address, city, list_price from marts.listing_search "
                    "where listing_key = any(:k)"
                ),
                {"k": [card["key"] for card in homes["cards"]]},
            ).all()
        assert len(listed) == len(homes["cards"]) and all(
            row.city == "Round Rock" and row.list_price <= 550_000 for row in listed
        )
        assert {card["address"] for card in homes["cards"]} == {row.street_address for row in listed}
        assert all(card["address"] in homes["text"] for card in homes["cards"]), (
            "the cards are the homes the reply names"
        )
        first = visitor.session()
        assert _messages(database, first["lead_id"]) == 4

        # A reload keeps the conversation: the transcript, the open panel and the session.
        browser.send("Page.reload")
        visitor.wait_for("return root && root.querySelectorAll('.log > li').length === 4;", "the kept transcript")
        assert visitor.entries()[-1]["cards"] == homes["cards"]
        assert visitor.widget("return !root.querySelector('.panel').hidden;"), "the panel stays open"

        # The phone field opens only with the consent box ticked; then the number goes with the message.
        visitor.widget(
            "root.querySelector('details').open = true; root.getElementById('ehub-consent').click(); return 1;"
        )
        visitor.widget("root.getElementById('ehub-phone').focus(); return 1;")
        visitor.type(PHONE)
        visitor.widget("root.getElementById('ehub-message').focus(); return 1;")
        answer = visitor.say("how big is the first one?")
        assert answer["who"] == "jorge" and answer["cards"] and answer["cards"][0]["key"] == homes["cards"][0]["key"]
        assert answer["cards"][0]["address"] in answer["text"]
        assert visitor.session()["lead_id"] == first["lead_id"], "the same conversation after the reload"
        assert _messages(database, first["lead_id"]) == 6
        with database.engine.connect() as connection:
            sealed = connection.execute(
                text("select pii_sealed from app.leads where lead_id = cast(:id as uuid)"), {"id": first["lead_id"]}
            ).scalar_one()
        details = json.loads(cipher.decrypt(sealed))
        assert details["phone"] == PHONE and details["sms_consent_at"], "the number, with when they agreed"

        # Past the per-visitor limit the panel says when to try again and keeps the message typed.
        for _ in range(VISITOR_LIMIT + 4):
            count = len(visitor.entries())
            visitor.type("thanks, and one more question")
            visitor.press("Enter")
            visitor.wait_for(
                f"return root.querySelectorAll('.log > li').length > {count} || "
                "root.querySelector('.status').textContent.includes('try again in');",
                "a reply or the rate-limit notice",
            )
            if "try again in" in visitor.status():
                break
        status = visitor.status()
        assert "faster than I can answer" in status and "your message is still here" in status, status
        assert int(status.split("try again in ")[1].split()[0]) > 0, "it says when"
        assert visitor.widget("return root.querySelector('.send').disabled;"), "sending waits until then"
        assert visitor.widget("return root.getElementById('ehub-message').value;") == "thanks, and one more question"
        assert visitor.session()["lead_id"] == first["lead_id"]

        # Escape closes the panel and gives the focus back to the launcher.
        visitor.press("Escape")
        assert visitor.widget("return root.querySelector('.panel').hidden;") and visitor.focused() == "launcher"
