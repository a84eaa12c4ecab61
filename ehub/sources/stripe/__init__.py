"""Stripe payments through stripe-python: charges, payment intents, checkout sessions, refunds, events."""
