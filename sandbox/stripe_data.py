"""Deterministic Stripe payments for the sandbox: consultation fees paid by GoHighLevel contacts.

About one contact in six pays for a service through Stripe Checkout a few days after first
contact. Most payments succeed, some cards are declined, and some successful payments are later
refunded in full or in part. Each payment yields a Checkout Session, a PaymentIntent, a Charge and
perhaps a Refund, linked to the contact through `metadata.ghl_contact_id`, plus the Events Stripe
would have emitted. Objects are shown as they stood at any moment, so events carry true snapshots.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sandbox import ghl_data

PRODUCTS = (
    ("Buyer consultation", 25_000),
    ("Home valuation report", 9_900),
    ("Relocation concierge", 49_900),
    ("Investor market analysis", 19_900),
)
PAYING_SHARE = 0.18


def _epoch(moment: datetime) -> int:
    return int(moment.timestamp())


@dataclass(frozen=True)
class Payment:
    index: int  # the paying contact's index
    contact_id: str
    product: str
    amount: int  # cents
    paid_at: datetime
    succeeded: bool
    refund_at: datetime | None
    refund_amount: int
    name: str
    email: str
    phone: str

    def _id(self, prefix: str) -> str:
        return f"{prefix}_3Sbx{self.index:09d}EhubSandbox"

    @property
    def ids(self) -> dict[str, str]:
        return {
            "session": f"cs_test_{self.index:09d}EhubSandbox",
            "intent": self._id("pi"),
            "charge": self._id("ch"),
            "refund": self._id("re"),
            "event": self._id("evt"),
        }

    def _metadata(self) -> dict[str, str]:
        return {"ghl_contact_id": self.contact_id, "product": self.product}

    def refunded_by(self, moment: datetime) -> bool:
        return self.refund_at is not None and self.refund_at <= moment

    def charge(self, moment: datetime) -> dict[str, Any]:
        refunded = self.refunded_by(moment)
        return {
            "id": self.ids["charge"],
            "object": "charge",
            "amount": self.amount,
            "currency": "usd",
            "amount_captured": self.amount if self.succeeded else 0,
            "amount_refunded": self.refund_amount if refunded else 0,
            "refunded": refunded and self.refund_amount == self.amount,
            "captured": self.succeeded,
            "paid": self.succeeded,
            "status": "succeeded" if self.succeeded else "failed",
            "failure_code": None if self.succeeded else "card_declined",
            "failure_message": None if self.succeeded else "Your card was declined.",
            "payment_intent": self.ids["intent"],
            "metadata": self._metadata(),
            "billing_details": {
                "name": self.name,
                "email": self.email,
                "phone": self.phone,
                "address": {
                    "city": "Austin",
                    "state": "TX",
                    "country": "US",
                    "postal_code": None,
                    "line1": None,
                    "line2": None,
                },
            },
            "receipt_email": self.email,
            "livemode": False,
            "created": _epoch(self.paid_at + timedelta(seconds=40)),
        }

    def payment_intent(self, moment: datetime) -> dict[str, Any]:
        return {
            "id": self.ids["intent"],
            "object": "payment_intent",
            "amount": self.amount,
            "amount_received": self.amount if self.succeeded else 0,
            "currency": "usd",
            "status": "succeeded" if self.succeeded else "requires_payment_method",
            "latest_charge": self.ids["charge"],
            "metadata": self._metadata(),
            "receipt_email": self.email,
            "last_payment_error": None if self.succeeded else {"code": "card_declined", "type": "card_error"},
            "livemode": False,
            "created": _epoch(self.paid_at),
        }

    def checkout_session(self, moment: datetime) -> dict[str, Any]:
        expired = not self.succeeded and moment >= self.paid_at + timedelta(hours=24)
        return {
            "id": self.ids["session"],
            "object": "checkout.session",
            "mode": "payment",
            "amount_total": self.amount,
            "currency": "usd",
            "status": "complete" if self.succeeded else ("expired" if expired else "open"),
            "payment_status": "paid" if self.succeeded else "unpaid",
            "payment_intent": self.ids["intent"],
            "metadata": self._metadata(),
            "customer_details": {"email": self.email, "name": self.name, "phone": self.phone},
            "customer_email": self.email,
            "livemode": False,
            "created": _epoch(self.paid_at - timedelta(minutes=3)),
        }

    def refund(self) -> dict[str, Any]:
        return {
            "id": self.ids["refund"],
            "object": "refund",
            "amount": self.refund_amount,
            "currency": "usd",
            "charge": self.ids["charge"],
            "payment_intent": self.ids["intent"],
            "status": "succeeded",
            "reason": "requested_by_customer",
            "metadata": self._metadata(),
            "created": _epoch(self.refund_at) if self.refund_at else None,
        }

    def objects(self, moment: datetime) -> dict[str, list[dict[str, Any]]]:
        """Every object of this payment that exists at `moment`, by Stripe object type."""
        if moment < self.paid_at:
            return {}
        found = {
            "checkout.session": [self.checkout_session(moment)],
            "payment_intent": [self.payment_intent(moment)],
            "charge": [self.charge(moment)],
        }
        if self.refunded_by(moment):
            found["refund"] = [self.refund()]
        return found

    def events(self) -> list[dict[str, Any]]:
        """The events this payment emits over its life, oldest first."""
        at = self.paid_at + timedelta(seconds=45)
        outcome = "succeeded" if self.succeeded else "payment_failed"
        emitted = [
            ("payment_intent." + outcome, at, self.payment_intent(at)),
            ("charge." + ("succeeded" if self.succeeded else "failed"), at, self.charge(at)),
        ]
        if self.succeeded:
            done = self.paid_at + timedelta(seconds=50)
            emitted.append(("checkout.session.completed", done, self.checkout_session(done)))
        else:
            gone = self.paid_at + timedelta(hours=24)
            emitted.append(("checkout.session.expired", gone, self.checkout_session(gone)))
        if self.refund_at is not None:
            emitted.append(("charge.refunded", self.refund_at, self.charge(self.refund_at)))
            emitted.append(("refund.created", self.refund_at, self.refund()))
        return [
            {
                "id": f"{self.ids['event']}{number}",
                "object": "event",
                "type": kind,
                "created": _epoch(moment),
                "data": {"object": snapshot},
                "livemode": False,
                "api_version": "2025-09-30.clover",
            }
            for number, (kind, moment, snapshot) in enumerate(emitted)
        ]


def payment_of(index: int, *, seed: int, scale: float) -> Payment | None:
    """The payment contact `index` makes, if any."""
    # Seeded for reproducible sandbox data; nothing secret depends on it.
    rng = random.Random(f"stripe:{seed}:{index}")  # nosec B311
    if rng.random() >= PAYING_SHARE:
        return None
    life = ghl_data.contact_life(index, seed=seed, scale=scale)
    product, amount = rng.choice(PRODUCTS)
    paid_at = life.created_at + timedelta(days=rng.uniform(1, 10), minutes=rng.uniform(0, 600))
    succeeded = rng.random() < 0.88
    refund_at, refund_amount = None, 0
    if succeeded and rng.random() < 0.08:
        refund_at = paid_at + timedelta(days=rng.uniform(1, 20))
        refund_amount = amount if rng.random() < 0.7 else amount // 2
    return Payment(
        index=index,
        contact_id=life.contact_id,
        product=product,
        amount=amount,
        paid_at=paid_at,
        succeeded=succeeded,
        refund_at=refund_at,
        refund_amount=refund_amount,
        name=f"{life.first} {life.last}",
        email=life.email,
        phone=life.phone,
    )
