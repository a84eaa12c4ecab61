"""How Stripe objects land. Stripe objects carry no update time: the replication supplies when
each version was observed (the event's time, or the listing's).

Sealed: the customer's name, email, phone, addresses and tax ids; what they typed at checkout;
card and bank details (last digits, expiry, fingerprint, account holder); free-text descriptions;
receipt URLs (a receipt shows the customer's email without a login); and nested objects that embed
any of these (a legacy `source`, an expanded `payment_method`, `charges`, `last_payment_error`).
Kept in clear because staging reads it: `metadata` (`ghl_contact_id`, `product`); nothing personal
should be put in a Stripe object's metadata. A refund may carry the customer's email
(`instructions_email`, `next_action.display_details.email_sent.email_sent_to`); `raw.stripe_refunds`
has no sealed column, so those are dropped (the charge keeps the same email, sealed).
"""

from __future__ import annotations

from datetime import datetime

from ehub.sources.landing import Entity, PersonalFields, Record
from ehub.sources.values import epoch_seconds


def _money_problem(record: Record) -> str | None:
    amount, currency = record.get("amount"), record.get("currency")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        return f"amount must be a non-negative integer of cents, got {amount!r}"
    if not isinstance(currency, str) or len(currency) != 3:
        return f"currency must be an ISO 4217 code, got {currency!r}"
    return None


def _session_problem(record: Record) -> str | None:
    amount = record.get("amount_total")
    if amount is not None and (not isinstance(amount, int) or amount < 0):
        return f"amount_total must be a non-negative integer of cents, got {amount!r}"
    return None


def _without_emails(refund: Record) -> Record:
    """A refund without the customer's email, which its table has no sealed column to hold."""
    clean = {name: value for name, value in refund.items() if name != "instructions_email"}
    action = clean.get("next_action")
    details = action.get("display_details") if isinstance(action, dict) else None
    sent = details.get("email_sent") if isinstance(details, dict) else None
    if isinstance(action, dict) and isinstance(details, dict) and isinstance(sent, dict) and "email_sent_to" in sent:
        sent = {name: value for name, value in sent.items() if name != "email_sent_to"}
        clean["next_action"] = {**action, "display_details": {**details, "email_sent": sent}}
    return clean


def _created(record: Record) -> datetime | None:
    return epoch_seconds(record.get("created"))


CHARGES = Entity(
    source="stripe",
    name="charges",
    table="stripe_charges",
    key_column="charge_id",
    key=lambda r: r.get("id"),
    modified_at=_created,
    columns={"status": lambda r: r.get("status")},
    personal=PersonalFields(
        paths=(
            "billing_details.name",
            "billing_details.email",
            "billing_details.phone",
            "billing_details.address",
            "billing_details.tax_id",
            "receipt_email",
            "receipt_url",
            "shipping",
            "description",
            "payment_method_details",
            "source",
        ),
        email="billing_details.email",
        phone="billing_details.phone",
    ),
    validate=_money_problem,
)
PAYMENT_INTENTS = Entity(
    source="stripe",
    name="payment_intents",
    table="stripe_payment_intents",
    key_column="payment_intent_id",
    key=lambda r: r.get("id"),
    modified_at=_created,
    columns={"status": lambda r: r.get("status")},
    personal=PersonalFields(
        paths=("receipt_email", "shipping", "description", "payment_method", "last_payment_error", "charges"),
        email="receipt_email",
    ),
    validate=_money_problem,
)
CHECKOUT_SESSIONS = Entity(
    source="stripe",
    name="checkout_sessions",
    table="stripe_checkout_sessions",
    key_column="checkout_session_id",
    key=lambda r: r.get("id"),
    modified_at=_created,
    columns={"status": lambda r: r.get("status")},
    personal=PersonalFields(
        paths=(
            "customer_details",
            "customer_email",
            "shipping_details",
            "shipping",
            "collected_information",
            "custom_fields",
        ),
        email="customer_email",
    ),
    validate=_session_problem,
)
REFUNDS = Entity(
    source="stripe",
    name="refunds",
    table="stripe_refunds",
    key_column="refund_id",
    key=lambda r: r.get("id"),
    modified_at=_created,
    columns={"charge_id": lambda r: r.get("charge"), "status": lambda r: r.get("status")},
    validate=_money_problem,
    normalise=_without_emails,
)

BY_OBJECT = {
    "charge": CHARGES,
    "payment_intent": PAYMENT_INTENTS,
    "checkout.session": CHECKOUT_SESSIONS,
    "refund": REFUNDS,
}
STRIPE_ENTITIES = tuple(BY_OBJECT.values())
