"""What GoHighLevel's CRM events do to the bots: pause, resume or stop automation for a lead.

People work leads in GoHighLevel; these events let the bots step aside when they do:

- `ContactTagUpdate` carries the contact's whole tag list. The `human_handover` tag (set by the
  bots' own handoff, or by an agent) pauses automation; removing it resumes automation, but only
  once GHL has shown the tag: a tag list that never had it is not a removal (the bots' own tag may
  still be waiting in the outbox). A do-not-disturb tag (`DND_TAGS`) pauses automation while present.
- `OpportunityStatusUpdate`: once every known opportunity of the contact is won, lost or
  abandoned, automated nurturing stops; an opportunity opened again resumes it.
- `OpportunityStageUpdate` records the stage on the lead and applies the status it carries.

Each change is recorded as a decision (intent "crm_event", with its actions and reasons) in the
same transaction as the lead's new state; an event that changes nothing records none. An event
older than the newest applied one of its type is ignored (GHL does not promise delivery order).
Opt-out is never changed here: only the lead's own STOP and START do that (TCPA). A pause for a
contact that has no lead yet creates the lead (no personal data), so the pause holds when the
contact first writes. Tags, statuses and ids are not personal data; nothing else is kept.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, text

from ehub.bots.audit import INTERNAL, Actor, audit
from ehub.bots.engine import Turn
from ehub.bots.records import CRM_EVENT_INTENT, insert_decision, update_lead
from ehub.bots.service import BotService
from ehub.bots.state import LeadState
from ehub.bots.turn import Action
from ehub.sources.values import iso_timestamp

EVENTS = ("ContactTagUpdate", "OpportunityStatusUpdate", "OpportunityStageUpdate")
HANDOVER_TAG = "human_handover"
DND_TAGS = frozenset({"dnd", "do-not-disturb", "do_not_disturb", "do-not-contact", "do_not_contact"})
CLOSED = frozenset({"won", "lost", "abandoned"})
STATUSES = CLOSED | {"open"}


def _tags(payload: dict[str, Any]) -> set[str]:
    return {str(tag).strip().lower() for tag in payload.get("tags") or []}


def _would_pause(event_type: str, payload: dict[str, Any]) -> bool:
    if event_type == "ContactTagUpdate":
        return bool(_tags(payload) & (DND_TAGS | {HANDOVER_TAG}))
    return str(payload.get("status") or "").lower() in CLOSED


def _apply_tags(state: LeadState, tags: set[str], actions: list[Action], reasons: list[str]) -> None:
    if HANDOVER_TAG in tags:
        state.handover_tag_seen = True
        if not state.handed_off:
            state.handed_off, state.handoff_reason = True, "crm_tag"
            actions.append({"type": "pause_automation", "by": f"tag:{HANDOVER_TAG}"})
            reasons.append(f"{HANDOVER_TAG} tag added in GoHighLevel: a person has taken over")
    elif state.handover_tag_seen:
        state.handover_tag_seen = False
        if state.handed_off:
            state.handed_off, state.handoff_reason = False, None
            state.asked.clear()
            state.low_confidence_streak = 0
            actions.append({"type": "resume_automation", "by": f"tag:{HANDOVER_TAG}"})
            reasons.append(f"{HANDOVER_TAG} tag removed in GoHighLevel: automation resumes")
    present = {f"tag:{tag}" for tag in tags & DND_TAGS}
    before = {pause for pause in state.crm_pauses if pause.startswith("tag:")}
    for pause in sorted(present - before):
        actions.append({"type": "pause_automation", "by": pause})
        reasons.append(f"do-not-disturb tag {pause[4:]!r} added in GoHighLevel: automation paused")
    for pause in sorted(before - present):
        actions.append({"type": "resume_automation", "by": pause})
        reasons.append(f"do-not-disturb tag {pause[4:]!r} removed in GoHighLevel")
    state.crm_pauses = sorted({*state.crm_pauses} - before | present)


def _apply_opportunity(
    state: LeadState, event_type: str, payload: dict[str, Any], actions: list[Action], reasons: list[str]
) -> None:
    opportunity = str(payload.get("id") or payload.get("opportunityId") or "unknown")
    status = str(payload.get("status") or "").lower()
    status = status if status in STATUSES else ""  # only GHL's own values are kept: never free text
    if event_type == "OpportunityStageUpdate" and payload.get("pipelineStageId"):
        state.crm_stage = str(payload["pipelineStageId"])
    if status:
        state.crm_opportunities[opportunity] = status
    closed = bool(state.crm_opportunities) and all(value in CLOSED for value in state.crm_opportunities.values())
    before = [pause for pause in state.crm_pauses if pause.startswith("opportunity:")]
    if closed and not before:
        pause = f"opportunity:{status if status in CLOSED else 'closed'}"
        state.crm_pauses = sorted({*state.crm_pauses, pause})
        actions.append({"type": "stop_nurturing", "opportunity": opportunity, "status": status})
        reasons.append(f"every opportunity is closed ({status}): automated nurturing stops")
    elif not closed and before:
        state.crm_pauses = [pause for pause in state.crm_pauses if pause not in before]
        actions.append({"type": "resume_nurturing", "opportunity": opportunity, "status": status})
        reasons.append(f"opportunity {status or 'updated'} again: automated nurturing resumes")


def _locked(connection: Connection, contact_id: str) -> Any:
    return connection.execute(
        text("select lead_id, state from app.leads where ghl_contact_id = :id for update"), {"id": contact_id}
    ).first()


def apply_crm_event(
    service: BotService,
    connection: Connection,
    event_type: str,
    payload: dict[str, Any],
    contact_id: str,
    now: datetime,
    *,
    actor: Actor = INTERNAL,
) -> str:
    """Apply one CRM event to the contact's lead (locked), audited as `actor`; the outcome, for the
    worker's counts."""
    row = _locked(connection, contact_id)
    if row is None:
        if not _would_pause(event_type, payload):
            return "ignored (no lead)"
        service.register_contact(connection, contact_id, None, actor=actor)
        row = _locked(connection, contact_id)
    lead, state = str(row.lead_id), LeadState.from_json(row.state)
    sent, newest = iso_timestamp(payload.get("timestamp")), iso_timestamp(state.crm_seen.get(event_type))
    if sent is not None and newest is not None and sent < newest:
        return "ignored (out of order)"
    if sent is not None:
        state.crm_seen[event_type] = sent.isoformat()
    actions: list[Action] = []
    reasons: list[str] = []
    if event_type == "ContactTagUpdate":
        _apply_tags(state, _tags(payload), actions, reasons)
    else:
        _apply_opportunity(state, event_type, payload, actions, reasons)
    update_lead(connection, lead, state, now)
    audit(connection, actor, "crm_event", lead)
    if not actions:
        return "stage recorded" if event_type == "OpportunityStageUpdate" else "no change"
    decision = Turn(
        reply=None,
        bot=state.bot,
        intent=CRM_EVENT_INTENT,
        confidence=1.0,
        lead_score=state.score,
        temperature=state.temperature,
        variant=state.variant,
        actions=actions,
        reasons=[f"{event_type} from GoHighLevel", *reasons],
    )
    insert_decision(connection, lead, decision, now)
    kinds = {action["type"] for action in actions}
    if kinds & {"pause_automation", "stop_nurturing"}:
        return "automation paused"
    return "automation resumed"
