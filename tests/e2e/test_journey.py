"""A web lead's whole path, as `ehub sandbox journey` runs it on a copy of the built sandbox marts:
the widget's public key on the real API, a booked walkthrough on the agent's calendar, the lead in
GoHighLevel, a paid consultation through Stripe's signed webhook, and the lead in the marts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli_helpers import run_ehub
from tests.conftest import BuiltMarts

pytestmark = pytest.mark.slow


def test_a_web_lead_books_a_walkthrough_pays_and_reaches_crm_and_marts(
    marts_copy: str, built_marts: BuiltMarts, data_dir: Path
) -> None:
    built = built_marts.settings
    done = run_ehub(
        "--json",
        "sandbox",
        "journey",
        data_dir=data_dir,
        EHUB_DATABASE_URL=marts_copy,
        EHUB_ENCRYPTION_KEYS=built.encryption_keys.get_secret_value(),
        EHUB_BLIND_INDEX_KEY=built.blind_index_key.get_secret_value(),
    )
    assert done.returncode == 0, done.stderr[-3000:]
    steps = {step["step"]: step for step in json.loads(done.stdout)["steps"]}

    chats = [steps[f"chat {number}"] for number in range(1, 6)]
    assert all(chat["bot"] == "seller" for chat in chats), [chat["bot"] for chat in chats]
    assert "AI assistant" in chats[0]["reply"] and "TREC" in chats[0]["reply"]
    assert "range of roughly" in chats[1]["reply"] and chats[1]["reply"].endswith("?")
    assert "Reply 1, 2 or 3" in chats[3]["reply"] and chats[3]["temperature"] == "hot"
    booked = chats[4]["reply"]
    assert "You're booked" in booked and "https://checkout.stripe.com/c/pay/cs_test_live" in booked

    crm = steps["GoHighLevel holds the lead"]
    assert crm["lead"]["temperature"] == "hot" and crm["assigned_to"]
    assert {"contact.jorge_score", "contact.jorge_temperature", "contact.jorge_appointment"} <= set(
        crm["custom_fields"]
    )
    assert crm["notes"] >= 1 and crm["tasks"] >= 1
    assert crm["opportunity_stages"] == ["stgApptSet0000000004"], "one opportunity, moved to Appointment Set"
    assert [event["status"] for event in crm["appointments"]] == ["confirmed"]
    assert crm["appointment_recorded"] == "booked"
    outbox = steps["outbox to GoHighLevel"]["outbox"]
    assert outbox["sent"] >= 8 and outbox.keys() <= {"sent", "deferred"}, outbox  # deferred: behind the contact

    paid = steps["consultation paid"]
    assert set(paid["webhooks"].values()) == {200} and paid["events_recorded"] == 3

    assert steps["dbt build of the funnel and revenue marts"]["exit_code"] == 0
    marts = steps["marts show the lead"]
    funnel = marts["funnel"]
    assert funnel is not None and funnel["lead_id"] == crm["ghl_contact_id"]
    assert (funnel["bot"], funnel["lead_source"]) == ("seller_bot", "Web chat")
    assert funnel["is_qualified"] and funnel["is_appointment"] and funnel["is_paid"]
    assert funnel["net_paid_usd"] == 150.0
    assert marts["revenue"]["net_revenue_usd"] >= 150.0 and marts["revenue"]["bot"] == "seller_bot"
