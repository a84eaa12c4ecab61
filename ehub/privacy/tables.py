"""Where a person's records live: each raw table with the key naming a record of theirs, and the
app tables holding the bot's side, by lead or by source id."""

from __future__ import annotations

# raw table -> (key column, the Person attribute holding the keys of theirs)
RAW_TABLES: dict[str, tuple[str, str]] = {
    "ghl_contacts": ("contact_id", "contact_ids"),
    "ghl_opportunities": ("opportunity_id", "opportunity_ids"),
    "ghl_conversations": ("conversation_id", "conversation_ids"),
    "ghl_messages": ("message_id", "message_ids"),
    "stripe_charges": ("charge_id", "charge_ids"),
    "stripe_payment_intents": ("payment_intent_id", "payment_intent_ids"),
    "stripe_checkout_sessions": ("checkout_session_id", "checkout_session_ids"),
    "stripe_refunds": ("refund_id", "refund_ids"),
}
# Extracted columns holding another record's id (pseudonymised with the record's key).
RAW_LINK_COLUMNS: dict[str, tuple[str, ...]] = {
    "ghl_opportunities": ("contact_id",),
    "ghl_conversations": ("contact_id",),
    "ghl_messages": ("conversation_id", "contact_id"),
    "stripe_refunds": ("charge_id",),
}
PERSONAL_RAW = frozenset(table for table in RAW_TABLES if table != "stripe_refunds")
# app tables keyed to a lead
LEAD_TABLES = ("conversation_messages", "bot_decisions", "outbox")
# dbt's schemas: tables there are rewritten by value (views follow the raw and app tables)
DBT_SCHEMAS = ("staging", "intermediate", "marts")
ERASED_TEXT = "[erased]"
# GoHighLevel custom fields kept on an erased contact: the budget and area the marts read (the dbt
# vars `ghl_budget_field` and `ghl_area_field`); any other custom field may hold what a person typed.
KEPT_CUSTOM_FIELDS = frozenset({"cfBudget", "cfArea"})
