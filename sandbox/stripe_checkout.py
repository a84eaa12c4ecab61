"""Live Checkout Sessions in the sandbox Stripe account: created, retrieved, paid, refunded, expired.

`POST /v1/checkout/sessions` takes Stripe's form encoding (`metadata[ghl_contact_id]=…`,
`line_items[0][price_data][unit_amount]=…`), honours `Idempotency-Key` as Stripe does (the same key
and parameters replay the first answer; the same key with other parameters is a 400
`idempotency_error`), and answers the session with its `url`. `GET /v1/checkout/sessions/{id}`
retrieves one. Tests and the demo settle a session with `complete` (the card succeeds or is
declined), `expire` or `refund`: each creates the PaymentIntent, Charge and Refund Stripe would, and
the events it would emit (`checkout.session.completed`, `charge.refunded`,
`checkout.session.expired`, `payment_intent.payment_failed`, ...), which the Events API then lists
and `signed_delivery` turns into the webhook request Stripe would send. State lives in memory.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl

# The documented webhook signing secret of the offline sandbox, public by design (production refuses it).
SANDBOX_WEBHOOK_SECRET = "whsec_EhubSandboxPublishedSigningSecret0000"  # noqa: S105  # nosec B105
SESSION_LIFETIME = timedelta(hours=24)
_KEY = re.compile(r"^([A-Za-z0-9_]+)((?:\[[^\[\]]*\])*)$")


class CheckoutError(Exception):
    def __init__(self, status: int, message: str, kind: str = "invalid_request_error", code: str | None = None) -> None:
        super().__init__(message)
        self.status, self.body = status, {"error": {"type": kind, "message": message, "code": code}}


def decode_form(body: bytes) -> dict[str, Any]:
    """Stripe's nested form encoding as a dict (lists by index), as Stripe's servers read it."""
    root: dict[str, Any] = {}
    for name, value in parse_qsl(body.decode(), keep_blank_values=True):
        match = _KEY.match(name)
        if match is None:
            raise CheckoutError(400, f"Invalid parameter name: {name}", code="parameter_unknown")
        path = [match.group(1), *re.findall(r"\[([^\[\]]*)\]", match.group(2))]
        node: dict[str, Any] = root
        for part in path[:-1]:
            node = node.setdefault(part, {})
            if not isinstance(node, dict):
                raise CheckoutError(400, f"Invalid parameter: {name}", code="parameter_invalid")
        node[path[-1]] = value
    return _lists(root)


def _lists(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    if node and all(key.isdigit() for key in node):
        return [_lists(node[key]) for key in sorted(node, key=int)]
    return {key: _lists(value) for key, value in node.items()}


def _epoch(moment: datetime) -> int:
    return int(moment.timestamp())


@dataclass
class LiveCheckouts:
    """The sessions created through the API, their payments and the events they emitted."""

    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    sessions: dict[str, dict[str, Any]] = field(default_factory=dict)
    objects: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # kind -> id -> object
    events: list[dict[str, Any]] = field(default_factory=list)
    _idempotent: dict[str, tuple[dict[str, Any], str]] = field(default_factory=dict)

    def create(self, params: dict[str, Any], idempotency_key: str | None) -> dict[str, Any]:
        if idempotency_key is not None and idempotency_key in self._idempotent:
            first_params, session_id = self._idempotent[idempotency_key]
            if first_params != params:
                raise CheckoutError(
                    400,
                    "Keys for idempotent requests can only be used with the same parameters they were first used with.",
                    kind="idempotency_error",
                )
            return self.sessions[session_id]
        session = self._session(params)
        self.sessions[session["id"]] = session
        self.objects.setdefault("checkout.session", {})[session["id"]] = session
        if idempotency_key is not None:
            self._idempotent[idempotency_key] = (params, session["id"])
        return session

    def _session(self, params: dict[str, Any]) -> dict[str, Any]:
        if params.get("mode") != "payment":
            raise CheckoutError(400, "mode must be payment in this sandbox", code="parameter_invalid")
        for name in ("success_url", "cancel_url"):
            if not str(params.get(name, "")).startswith(("http://", "https://")):
                raise CheckoutError(400, f"Not a valid URL: {name}", code="url_invalid")
        items = params.get("line_items")
        if not isinstance(items, list) or not items:
            raise CheckoutError(400, "line_items is required in payment mode", code="parameter_missing")
        amount, currency = 0, None
        for item in items:
            price = item.get("price_data", {}) if isinstance(item, dict) else {}
            unit = price.get("unit_amount", "")
            if not str(unit).isdigit() or not str(item.get("quantity", "1")).isdigit():
                raise CheckoutError(400, "Invalid integer: unit_amount", code="parameter_invalid_integer")
            amount += int(unit) * int(item.get("quantity", "1"))
            currency = price.get("currency")
        now = self.clock()
        number = len(self.sessions) + 1
        session_id = f"cs_test_live{number:06d}{hashlib.sha256(str(now).encode()).hexdigest()[:16]}"
        return {
            "id": session_id,
            "object": "checkout.session",
            "mode": "payment",
            "amount_total": amount,
            "currency": currency,
            "status": "open",
            "payment_status": "unpaid",
            "payment_intent": None,
            "client_reference_id": params.get("client_reference_id"),
            "metadata": dict(params.get("metadata") or {}),
            "success_url": params["success_url"],
            "cancel_url": params["cancel_url"],
            "url": f"https://checkout.stripe.com/c/pay/{session_id}",
            "expires_at": _epoch(now + SESSION_LIFETIME),
            "livemode": False,
            "created": _epoch(now),
            "_intent_metadata": dict((params.get("payment_intent_data") or {}).get("metadata") or {}),
        }

    def public(self, session: dict[str, Any]) -> dict[str, Any]:
        return {name: value for name, value in session.items() if not name.startswith("_")}

    def retrieve(self, session_id: str) -> dict[str, Any]:
        if session_id not in self.sessions:
            raise CheckoutError(404, f"No such checkout.session: '{session_id}'", code="resource_missing")
        return self.public(self.sessions[session_id])

    def _emit(self, kind: str, snapshot: dict[str, Any], at: datetime) -> dict[str, Any]:
        event = {
            "id": f"evt_live{len(self.events) + 1:06d}{snapshot['id'][-8:]}",
            "object": "event",
            "type": kind,
            "created": _epoch(at),
            "data": {"object": json.loads(json.dumps(self.public(snapshot)))},
            "livemode": False,
            "api_version": "2025-09-30.clover",
        }
        self.events.append(event)
        return event

    def complete(self, session_id: str, *, succeed: bool = True) -> list[dict[str, Any]]:
        """The lead pays (or the card is declined): the PaymentIntent, Charge and their events."""
        session = self.sessions.get(session_id)
        if session is None or session["status"] != "open":
            raise CheckoutError(400, f"Checkout session {session_id} is not open", code="session_not_open")
        now, suffix = self.clock(), session_id[-20:]
        metadata = session["_intent_metadata"]
        intent = {
            "id": f"pi_live{suffix}",
            "object": "payment_intent",
            "amount": session["amount_total"],
            "amount_received": session["amount_total"] if succeed else 0,
            "currency": session["currency"],
            "status": "succeeded" if succeed else "requires_payment_method",
            "latest_charge": f"ch_live{suffix}",
            "metadata": metadata,
            "last_payment_error": None if succeed else {"code": "card_declined", "type": "card_error"},
            "livemode": False,
            "created": _epoch(now),
        }
        charge = {
            "id": f"ch_live{suffix}",
            "object": "charge",
            "amount": session["amount_total"],
            "amount_captured": session["amount_total"] if succeed else 0,
            "amount_refunded": 0,
            "currency": session["currency"],
            "refunded": False,
            "captured": succeed,
            "paid": succeed,
            "status": "succeeded" if succeed else "failed",
            "failure_code": None if succeed else "card_declined",
            "payment_intent": intent["id"],
            "metadata": metadata,
            "livemode": False,
            "created": _epoch(now),
        }
        self.objects.setdefault("payment_intent", {})[intent["id"]] = intent
        self.objects.setdefault("charge", {})[charge["id"]] = charge
        session["payment_intent"] = intent["id"]
        emitted = [
            self._emit("payment_intent." + ("succeeded" if succeed else "payment_failed"), intent, now),
            self._emit("charge." + ("succeeded" if succeed else "failed"), charge, now),
        ]
        if succeed:
            session.update(status="complete", payment_status="paid")
            emitted.append(self._emit("checkout.session.completed", session, now))
        return emitted

    def expire(self, session_id: str) -> list[dict[str, Any]]:
        """`POST /v1/checkout/sessions/{id}/expire`, or the 24 hours running out."""
        session = self.sessions.get(session_id)
        if session is None or session["status"] != "open":
            raise CheckoutError(400, f"Checkout session {session_id} is not open", code="session_not_open")
        session["status"] = "expired"
        return [self._emit("checkout.session.expired", session, self.clock())]

    def refund(self, charge_id: str, amount: int | None = None) -> list[dict[str, Any]]:
        """A refund of a paid charge, in full or in part: `charge.refunded` and `refund.created`."""
        charge = self.objects.get("charge", {}).get(charge_id)
        if charge is None or not charge["paid"]:
            raise CheckoutError(400, f"Charge {charge_id} has not been paid", code="charge_not_paid")
        amount = charge["amount"] - charge["amount_refunded"] if amount is None else amount
        if not 0 < amount <= charge["amount"] - charge["amount_refunded"]:
            raise CheckoutError(
                400, "Refund amount is greater than unrefunded amount on charge", code="amount_too_large"
            )
        now = self.clock()
        refunds = self.objects.setdefault("refund", {})
        refund = {
            "id": f"re_live{len(refunds) + 1:04d}{charge_id[-16:]}",
            "object": "refund",
            "amount": amount,
            "currency": charge["currency"],
            "charge": charge_id,
            "payment_intent": charge["payment_intent"],
            "status": "succeeded",
            "reason": "requested_by_customer",
            "metadata": {},
            "created": _epoch(now),
        }
        refunds[refund["id"]] = refund
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] == charge["amount"]
        return [self._emit("charge.refunded", charge, now), self._emit("refund.created", refund, now)]

    def listed(self, kind: str) -> list[dict[str, Any]]:
        return [self.public(obj) for obj in self.objects.get(kind, {}).values()]


def sign(body: bytes, secret: str, timestamp: int) -> str:
    """A `Stripe-Signature` header value: `t=<timestamp>,v1=<HMAC-SHA256 of "t.body">`."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def signed_delivery(
    event: dict[str, Any], *, secret: str = SANDBOX_WEBHOOK_SECRET, timestamp: int | None = None
) -> tuple[bytes, dict[str, str]]:
    """The body and headers of the webhook request Stripe sends for an event."""
    body = json.dumps(event, separators=(",", ":")).encode()
    moment = timestamp if timestamp is not None else _epoch(datetime.now(UTC))
    return body, {"Stripe-Signature": sign(body, secret, moment), "Content-Type": "application/json"}
