"""The consultation fee: a Stripe Checkout Session for one lead, and its link.

A session is created with `POST /v1/checkout/sessions` (mode `payment`, the fee from settings as
one line item, the success and cancel URLs from settings). Its `metadata` and the PaymentIntent's
(`payment_intent_data[metadata]`, which Stripe copies to the Charge) carry `ghl_contact_id` (when
the lead is a CRM contact), `lead_id` (the bot service's lead), the bot and the variant, so a payment
finds its lead in the marts. The `Idempotency-Key` is `consultation-{lead_id}-{n}` (n: the lead's
sessions so far): a retry after a lost answer gets the same session, never a second charge page.
While a lead's last session is still open (Stripe keeps one 24 hours) the same link is given again.
Each session is recorded in `app.consultations` with who asked for it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text

from ehub.db.database import Database
from ehub.errors import EhubError
from ehub.settings import Settings
from ehub.sources.values import epoch_seconds

if TYPE_CHECKING:  # stripe-python loads only when a checkout is made (`ehub chat` and the CLI never pay it)
    from stripe.params.checkout import SessionCreateParams

    from ehub.sources.stripe.client import StripeSource

PRODUCT = "Consultation fee"
REUSE_FOR = timedelta(hours=23)  # a little under the session's 24 h life, so a reused link still opens
_LEAD = text("""
    select lead_id::text as lead_id, ghl_contact_id, bot, variant, experiment
    from app.leads where lead_id = cast(:id as uuid)
""")
_OPEN = text("""
    select checkout_session_id, url, amount_cents, currency, expires_at, created_at
    from app.consultations
    where lead_id = cast(:id as uuid) and created_at > :since and (expires_at is null or expires_at > :now)
    order by created_at desc limit 1
""")
_COUNT = text("select count(*) from app.consultations where lead_id = cast(:id as uuid)")
_INSERT = text("""
    insert into app.consultations (checkout_session_id, lead_id, ghl_contact_id, bot, variant, experiment,
                                   amount_cents, currency, idempotency_key, url, expires_at, requested_by, created_at)
    values (:session, cast(:lead as uuid), :contact, :bot, :variant, :experiment, :amount, :currency, :key,
            :url, :expires_at, :requested_by, :now)
    on conflict (checkout_session_id) do nothing
""")


@dataclass(frozen=True)
class _Lead:
    lead_id: str
    ghl_contact_id: str | None
    bot: str
    variant: str
    experiment: str | None


class ConsultationLeadNotFoundError(EhubError):
    error = "not_found"
    code = "LEAD_NOT_FOUND"
    http_status = 404


@dataclass(frozen=True)
class ConsultationFee:
    amount_cents: int
    currency: str
    success_url: str
    cancel_url: str

    @classmethod
    def from_settings(cls, settings: Settings) -> ConsultationFee:
        success, cancel = settings.consultation_urls()
        return cls(settings.consultation_fee_cents, settings.consultation_currency, success, cancel)


@dataclass(frozen=True)
class Consultation:
    checkout_session_id: str
    url: str
    amount_cents: int
    currency: str
    lead_id: str
    expires_at: datetime | None
    reused: bool  # the lead's open session, given again

    def public(self) -> dict[str, Any]:
        return {
            "checkout_session_id": self.checkout_session_id,
            "url": self.url,
            "amount_cents": self.amount_cents,
            "currency": self.currency,
            "lead_id": self.lead_id,
            "expires_at": self.expires_at,
            "reused": self.reused,
        }


class ConsultationDesk:
    """Creates consultation checkouts through a Stripe client (the real API or the sandbox)."""

    def __init__(self, database: Database, fee: ConsultationFee, stripe: Callable[[], StripeSource]) -> None:
        self.database, self.fee, self._stripe = database, fee, stripe

    def request(
        self,
        lead_id: str,
        *,
        requested_by: str,
        now: datetime,
        connection: Connection | None = None,
        bot: str | None = None,
    ) -> Consultation:
        """The lead's checkout link: its open session's, or a new session's (in `connection`'s
        transaction when given). `bot` is the bot asking now, when the lead's row is not updated yet."""
        if connection is None:
            with self.database.engine.begin() as own:
                return self.request(lead_id, requested_by=requested_by, now=now, connection=own, bot=bot)
        row = connection.execute(_LEAD, {"id": lead_id}).first()
        if row is None:
            raise ConsultationLeadNotFoundError(f"No lead {lead_id}", field="lead_id")
        lead = _Lead(row.lead_id, row.ghl_contact_id, row.bot if bot is None else bot, row.variant, row.experiment)
        open_session = connection.execute(_OPEN, {"id": lead_id, "since": now - REUSE_FOR, "now": now}).first()
        if open_session is not None:
            return Consultation(
                open_session.checkout_session_id,
                open_session.url,
                open_session.amount_cents,
                open_session.currency,
                lead_id,
                open_session.expires_at,
                reused=True,
            )
        key = f"consultation-{lead_id}-{connection.execute(_COUNT, {'id': lead_id}).scalar_one()}"
        with self._stripe() as stripe:
            session = stripe.create_checkout_session(self._params(lead), idempotency_key=key)
        expires_at = epoch_seconds(session.get("expires_at"))
        connection.execute(
            _INSERT,
            {
                "session": session["id"],
                "lead": lead_id,
                "contact": lead.ghl_contact_id,
                "bot": lead.bot,
                "variant": lead.variant,
                "experiment": lead.experiment,
                "amount": session.get("amount_total") or self.fee.amount_cents,
                "currency": session.get("currency") or self.fee.currency,
                "key": key,
                "url": session["url"],
                "expires_at": expires_at,
                "requested_by": requested_by,
                "now": now,
            },
        )
        return Consultation(
            session["id"],
            session["url"],
            session.get("amount_total") or self.fee.amount_cents,
            self.fee.currency,
            lead_id,
            expires_at,
            reused=False,
        )

    def _params(self, lead: _Lead) -> SessionCreateParams:
        metadata = {"lead_id": lead.lead_id, "product": PRODUCT, "bot": f"{lead.bot}_bot", "variant": lead.variant}
        if lead.ghl_contact_id:
            metadata["ghl_contact_id"] = lead.ghl_contact_id
        return {
            "mode": "payment",
            "line_items": [
                {
                    "quantity": 1,
                    "price_data": {
                        "currency": self.fee.currency,
                        "unit_amount": self.fee.amount_cents,
                        "product_data": {"name": PRODUCT},
                    },
                }
            ],
            "success_url": self.fee.success_url,
            "cancel_url": self.fee.cancel_url,
            "client_reference_id": lead.lead_id,
            "metadata": metadata,
            "payment_intent_data": {"metadata": metadata},
        }
