"""The notices Texas and federal law ask for: the brokerage and its TREC license in the first message
to each lead, the IABS and Consumer Protection links in the first email and from the widget (never
by text alone), and in every email the postal address and an unsubscribe link honoured at once."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import pytest
from litestar.testing import TestClient
from sqlalchemy import text

from bot_api.app import create_app
from bot_api.plugin import ServicePlugin, components_of
from ehub.bots import wording
from ehub.bots.apikeys import create_key
from ehub.bots.contacts import Contact
from ehub.bots.engine import Engine
from ehub.bots.outbox import drain_outbox
from ehub.bots.service import BotService
from ehub.compliance.fair_housing import check_text
from ehub.crypto import cipher_from_settings
from ehub.db import Database
from ehub.privacy.notices import Notices
from ehub.settings import Settings, load_settings

NAME, LICENSE = "Jorge Realty Group", "9012345"
ADDRESS = "100 Congress Ave, Suite 200, Austin, TX 78701"
IABS = "https://jorge-realty.example/iabs.pdf"
PUBLIC = "https://api.jorge-realty.example"
NOON = datetime(2026, 11, 24, 18, 0, tzinfo=UTC)  # noon in Austin: nothing waits for quiet hours


BROKERAGE = {"brokerage_name": NAME, "brokerage_license": LICENSE, "brokerage_address": ADDRESS, "iabs_url": IABS}


@pytest.fixture
def settings(migrated: Database, data_dir) -> Settings:
    """The brokerage given in the process's settings alone: no `EHUB_*` variable names it (the test
    session clears them all), so anything that loaded the settings a second time would find placeholders."""
    assert not [name for name in os.environ if name.startswith(("EHUB_BROKERAGE", "EHUB_IABS", "EHUB_PUBLIC"))]
    return load_settings(database_url=migrated.url, data_dir=data_dir, public_url=PUBLIC, **BROKERAGE)


class RecordingGhl:
    """What the outbox sends to GoHighLevel, recorded."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []
        self.tags: list[tuple[str, list[str]]] = []

    def send_message(self, contact_id: str, message: str, *, channel: str = "SMS") -> dict:
        self.sent.append((contact_id, channel, message))
        return {"messageId": f"m{len(self.sent)}"}

    def add_tags(self, contact_id: str, tags: list[str]) -> dict:
        self.tags.append((contact_id, tags))
        return {}

    def create_task(self, *_: object, **__: object) -> dict:
        return {"task": {"id": "t1"}}

    def set_do_not_disturb(self, *_: object) -> dict:
        return {}

    def add_to_workflow(self, *_: object) -> dict:
        return {}


def test_every_notice_template_is_in_both_languages_passes_fair_housing_and_fits_an_sms() -> None:
    assert set(wording.en.TEXTS) == set(wording.es.TEXTS)
    longest = Notices("N" * 60, "9" * 10, ADDRESS, IABS, IABS, PUBLIC)  # the longest name settings allow
    for language, texts in wording.LANGUAGES.items():
        for style in ("control", "concise"):
            intro = longest.intro(language, style)
            assert NAME not in intro and "9" * 10 in intro and "TREC" in intro
            too_long = [key for key, template in texts.items() if len(intro + template) > wording.SMS_LIMIT]
            assert too_long == [], (language, style, too_long)
        assert [key for key, template in texts.items() if key.startswith("notice") and check_text(template)] == []


def test_the_first_message_to_each_lead_names_the_brokerage_and_its_license(migrated: Database, settings) -> None:
    engine = Engine(notices=Notices.from_settings(settings))
    service = BotService(migrated, cipher_from_settings(settings), engine)
    first = service.handle("hi, looking to buy in Round Rock", channel="web", now=NOON)
    second = service.handle("around 450k", channel="web", now=NOON, lead_id=first.lead_id)
    assert f"{NAME} (TREC license #{LICENSE})" in first.turn.reply and "AI assistant" in first.turn.reply
    assert LICENSE not in (second.turn.reply or "")
    spanish = service.handle("hola, busco casa en Kyle", channel="web", now=NOON)
    assert f"licencia TREC #{LICENSE}" in spanish.turn.reply


def test_the_api_process_names_the_brokerage_of_its_own_settings_in_the_introduction_and_email_footer(
    migrated: Database, settings
) -> None:
    """The API's bots and its notices come from the one settings object the process was given: a
    second load of the settings would find no brokerage (see `settings`) and show placeholders."""
    key = create_key(migrated, "widget", ["chat"])[1]
    app, ghl = create_app(settings), RecordingGhl()
    with TestClient(app=app) as client:
        chat = client.post("/v1/chat", headers={"X-API-Key": key}, json={"message": "hi, looking to buy in Kyle"})
        bots = app.plugins.get(ServicePlugin).running.bots  # the service the API built for its lifetime
        with migrated.engine.begin() as connection:
            bots.register_contact(connection, "c-mail", Contact(name="Pat", email="pat@example.com"))
        emailed = bots.handle("looking to buy in Kyle", channel="email", now=NOON, ghl_contact_id="c-mail")
    components = components_of(app)
    drain_outbox(migrated, components.cipher, ghl, components.notices, now=NOON + timedelta(seconds=30))
    introduction = f"{NAME} (TREC license #{LICENSE})"
    assert chat.status_code == 201 and introduction in chat.json()["reply"]
    (email,) = [body for _, channel, body in ghl.sent if channel == "Email"]
    assert email.startswith(emailed.turn.reply or "-") and introduction in email
    assert f"{NAME}, TREC license #{LICENSE}. {ADDRESS}" in email and f"{PUBLIC}/unsubscribe?token=" in email
    assert "set EHUB_BROKERAGE" not in chat.text + email, "no placeholder anywhere"


def test_the_widget_shows_the_iabs_and_consumer_protection_notices(settings) -> None:
    with TestClient(app=create_app(settings)) as client:
        notices = client.get("/notices")
    assert notices.status_code == 200
    assert notices.json() == {
        "brokerage_name": NAME,
        "license_number": LICENSE,
        "postal_address": ADDRESS,
        "iabs_url": IABS,
        "consumer_protection_url": "https://www.trec.texas.gov/forms/consumer-protection-notice",
    }


def test_every_email_carries_the_address_and_an_unsubscribe_link_and_the_first_one_the_trec_notices(
    migrated: Database, settings
) -> None:
    cipher, notices = cipher_from_settings(settings), Notices.from_settings(settings)
    service = BotService(migrated, cipher, Engine(notices=notices))
    with migrated.engine.begin() as connection:
        lead = service.register_contact(connection, "c-mail", Contact(name="Pat", email="pat@example.com"))
        service.register_contact(connection, "c-text", Contact(name="Sam", phone="5125550188"))
    ghl = RecordingGhl()
    for number, message in enumerate(("looking to buy in Kyle", "about 400k", "in 2 months")):
        service.handle(message, channel="email", now=NOON + timedelta(minutes=number), ghl_contact_id="c-mail")
        drain_outbox(migrated, cipher, ghl, notices, now=NOON + timedelta(minutes=number, seconds=30))
    service.handle("looking to buy in Kyle", channel="sms", now=NOON, ghl_contact_id="c-text")
    drain_outbox(migrated, cipher, ghl, notices, now=NOON + timedelta(minutes=5))
    emails = [body for contact, channel, body in ghl.sent if channel == "Email"]
    texts = [body for contact, channel, body in ghl.sent if channel == "SMS"]
    assert len(emails) == 3 and len(texts) == 1
    for email in emails:
        assert f"{NAME}, TREC license #{LICENSE}. {ADDRESS}" in email
        assert f"unsubscribe here: {PUBLIC}/unsubscribe?token=" in email
    assert IABS in emails[0] and "Consumer Protection Notice" in emails[0], "the first email links both notices"
    assert IABS not in emails[1] and IABS not in emails[2]
    assert IABS not in texts[0] and "unsubscribe" not in texts[0], "never by text message"

    # The link works at once: no further email, GoHighLevel tagged, the lead's own action audited.
    link = emails[0].split("unsubscribe here: ")[1].split()[0].removeprefix(PUBLIC)
    service.handle("are you there?", channel="email", now=NOON + timedelta(minutes=10), ghl_contact_id="c-mail")
    with TestClient(app=create_app(settings)) as client:
        page = client.get(link)
        again = client.get(link)
        forged = client.get("/unsubscribe?token=a.b.c")
    assert page.status_code == 200 and "unsubscribed" in page.text and again.status_code == 200
    assert forged.status_code == 404 and forged.json()["code"] == "UNSUBSCRIBE_INVALID"
    drained = drain_outbox(migrated, cipher, ghl, notices, now=NOON + timedelta(minutes=11))
    assert drained.get("cancelled") == 1 and len([1 for _, channel, _ in ghl.sent if channel == "Email"]) == 3
    drain_outbox(
        migrated, cipher, ghl, notices, now=datetime.now(UTC) + timedelta(minutes=1)
    )  # the tag, queued at the click
    assert ("c-mail", ["email_unsubscribed"]) in ghl.tags
    with migrated.engine.connect() as connection:
        audited = connection.execute(
            text("select actor_kind, cast(lead_id as text) from app.audit_log where action = 'email_unsubscribe'")
        ).all()
    assert audited == [("lead", lead)]
