"""The Lead bot: qualifies a new lead (LPMAMA: location, price, motivation and timeline, agent,
mortgage, appointment), one question at a time, skipping whatever the lead already said."""

from __future__ import annotations

from ehub.bots.exchange import Exchange
from ehub.bots.turn import Turn

QUESTIONS = ("area", "budget", "timeline", "agent", "financing", "appointment")


def respond(exchange: Exchange) -> Turn:
    return exchange.qualify(QUESTIONS, "lead")
