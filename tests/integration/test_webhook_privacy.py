"""Personal data at the door: GoHighLevel webhooks stuffed with personal data in every documented
field leave none of it in clear in any table or log line."""

from __future__ import annotations

import logging

from sqlalchemy import text

from ehub.bots.webhooks import rebuild
from ehub.bots.worker import process_webhooks
from tests.privacy_probe import (
    _CONTACT_FIELDS,
    _OPPORTUNITY,
    DAY,
    EVENTS,
    PERSON,
    _every_row,
    _in_clear,
    _post,
)


def test_the_queue_keeps_ids_enumerations_and_times_in_clear_and_the_worker_gets_the_whole_event(
    sandbox_service,
) -> None:
    client, database, service = sandbox_service
    for event in EVENTS:
        _post(client, event)
    with database.engine.connect() as connection:
        rows = connection.execute(text("select webhook_id, payload, pii_sealed from app.webhook_events")).all()
    clear = {row.webhook_id: set(row.payload) for row in rows}
    envelope = {"type", "webhookId", "timestamp", "locationId"}
    assert clear["whPrivSms"] == envelope | {
        *("contactId", "conversationId", "conversationProviderId", "messageId", "dateAdded"),
        *("direction", "status", "contentType", "messageType", "messageTypeString"),
    }, "userId and chatWidgetId hold no id's shape here: sealed"
    assert clear["whPrivCall"] == clear["whPrivSms"] - {"messageTypeString"} | {"callStatus"}
    assert clear["whPrivCreate"] == clear["whPrivTags"] == envelope | {"id", "dateAdded", "dnd"}
    assert clear["whPrivStatus"] == envelope | {
        "id",
        "contactId",
        "pipelineId",
        "pipelineStageId",
        "status",
        "dateAdded",
    }
    sent = {event["webhookId"]: event for event in EVENTS}
    for row in rows:
        rebuilt = rebuild(service.cipher, row.payload, row.pii_sealed)
        assert {name: value for name, value in rebuilt.items() if name != "timestamp"} == sent[row.webhook_id]


def test_no_personal_value_of_any_documented_field_is_kept_in_clear(sandbox_service, caplog, capfd) -> None:
    client, database, service = sandbox_service
    caplog.set_level(logging.DEBUG)
    assert [_post(client, event) for event in EVENTS] == ["queued"] * len(EVENTS)
    outcomes = process_webhooks(service, clock=lambda: DAY)
    assert outcomes == {
        "lead registered": 1,
        "replied": 2,  # the SMS and the email; the voicemail has no text to answer
        "ignored (not an inbound text)": 1,
        "no change": 1,  # the stage update repeats the status update's 'open'
        "stage recorded": 1,
        "automation paused": 1,  # the dnd tag
    }, outcomes
    with database.engine.connect() as connection:
        lead = connection.execute(text("select lead_id, state, pii_sealed, handed_off_at from app.leads")).one()
        kinds = connection.execute(text("select kind from app.outbox order by outbox_id")).scalars().all()
        events = connection.execute(text("select status, count(*) from app.webhook_events group by 1")).all()
        audited = connection.execute(text("select actor_kind, key_id, route from app.audit_log")).all()
    assert events == [("done", len(EVENTS))]
    # Every event that wrote to the lead is audited as the webhook that carried it (a call carries no
    # text to answer, so it writes nothing).
    writers = [event["webhookId"] for event in EVENTS if event["webhookId"] != "whPrivCall"]
    assert sorted(audited) == sorted(("webhook", webhook, "POST /webhooks/ghl") for webhook in writers)
    assert lead.pii_sealed and lead.handed_off_at is not None, "the email asked for a person"
    assert lead.state["crm_pauses"] == ["tag:dnd"] and lead.state["crm_stage"] == _OPPORTUNITY["pipelineStageId"]
    assert "message" in kinds and "task" in kinds, "the values flowed into replies and CRM actions"
    assert service.lead(str(lead.lead_id))["contact"]["email"] == PERSON["email"], "sealed, not lost"

    # A failure whose message quotes personal data (as database errors quote the values they refuse).
    with database.engine.begin() as connection:
        connection.execute(
            text(f"""
            create function public.refuse_lead() returns trigger language plpgsql as $$
            begin raise exception 'refused lead for {PERSON["email"]} at {PERSON["street"]}'; end $$;
            create trigger refuse_lead before insert on app.leads
                for each row execute function public.refuse_lead();
        """)
        )
    _post(client, {**_CONTACT_FIELDS, "type": "ContactCreate", "webhookId": "whPrivFails", "id": "ghlOther"})
    assert process_webhooks(service, clock=lambda: DAY) == {"failed": 1}, "tried again on a later pass"
    with database.engine.connect() as connection:
        error = connection.execute(
            text("select last_error from app.webhook_events where webhook_id = 'whPrivFails'")
        ).scalar_one()
    assert "(P0001) at ehub/" in error, f"the error's kind, SQLSTATE and place in our code only: {error}"
    assert "whPrivFails" in caplog.text, "the failure was logged, so the log scan below saw it"

    captured = capfd.readouterr()
    leaks = _in_clear({**_every_row(database), "log records": [caplog.text], "output": [captured.out, captured.err]})
    assert leaks == [], f"personal values in clear: {leaks}"
