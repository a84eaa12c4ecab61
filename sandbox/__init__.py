"""Offline sandbox: in-process copies of the source APIs with deterministic Austin data.

Clients reach it through an httpx transport, so the same client code talks to the real API or
to the sandbox; only the transport differs.
"""
