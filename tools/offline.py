"""The offline sandbox, handed to whatever runs without credentials. The tools decide this; the
core, the API and the pipelines only accept what they are handed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ehub.settings import load_settings
from ehub.sources.factory import OfflineSources, needs_stand_ins

if TYPE_CHECKING:
    from litestar import Litestar

    from ehub.settings import Settings


def stand_ins(settings: Settings) -> OfflineSources | None:
    """The sandbox when a source lacks its credential, else nothing (and the sandbox stays unloaded)."""
    if not needs_stand_ins(settings):
        return None
    from sandbox.sources import SANDBOX

    return SANDBOX


def create_app() -> Litestar:
    """`uvicorn tools.offline:create_app --factory`: the bot API with the sandbox handed in, as the
    demo serves it; production serves `bot_api.app:create_app`."""
    from bot_api.app import create_app as create_bot_api

    settings = load_settings()
    return create_bot_api(settings, offline=stand_ins(settings))
