"""The answer cache: a written answer to a market question, reused while the marts say the same.

Only a turn that answered a market question (its facts hold the area's market figures) is cached.
The key is a SHA-256 of the normalised question, the area, the marts' version (the feed date the
figures stand at, `period_end`, and a digest of the figures themselves, so a rebuilt mart with new
figures is a new key), the language, the bot and the engine's template (which carries the question
asked next). A hit costs no model call, so the ledger shows none, and the cached text is checked by
every guard again before it is sent.

Nothing personal is cached: a message holding an email, a phone number, a street number or a
name introduction ("I'm ...", "me llamo ...") is never a key, and a reply repeating a capitalised
word of the lead's message that neither the template nor the facts hold (a name, most likely) is
never stored. The introduction in front of a reply is not part of the cached text.

With `EHUB_REDIS_URL` the cache is shared in Redis (keys `<EHUB_REDIS_NAMESPACE>:answers:<sha>`,
expiring after `EHUB_ANSWER_CACHE_SECONDS`); without it, an in-process LRU with the same expiry. A
Redis that cannot be reached is a miss, never an error.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from ehub.conversation.text import normalise
from ehub.writing.base import WritingRequest
from ehub.writing.tools import as_json

if TYPE_CHECKING:
    from ehub.settings import Settings

_logger = logging.getLogger(__name__)
LOCAL_SIZE = 512
REDIS_TIMEOUT_SECONDS = 0.2
_PERSONAL = re.compile(
    r"@|\d[\d\s().-]{6,}\d|\b\d{2,6}\s+[a-z]+\s+(?:st|street|rd|road|ave|avenue|dr|drive|ln|lane|blvd|ct|way)\b"
    r"|\b(?:i am|i'm|im|my name is|this is|me llamo|soy|mi nombre es)\s+[a-z]",
    re.IGNORECASE,
)
_WORDS = re.compile(r"\w+")
_CAPITALISED = re.compile(r"\b[A-ZÁÉÍÓÚÑ][a-záéíóúñ]{2,}\b")


@dataclass(frozen=True)
class CachedAnswer:
    text: str  # the reply without its introduction
    provider: str
    model: str
    tool_results: list[Any]  # market figures the writer looked up: the guards check the text against them


class Store(Protocol):
    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: str, ttl: int) -> None: ...


class LocalStore:
    """An in-process LRU whose entries expire."""

    def __init__(self, size: int = LOCAL_SIZE) -> None:
        self.size, self.entries = size, OrderedDict[str, tuple[float, str]]()

    def get(self, key: str) -> str | None:
        found = self.entries.get(key)
        if found is None or found[0] < time.monotonic():
            self.entries.pop(key, None)
            return None
        self.entries.move_to_end(key)
        return found[1]

    def set(self, key: str, value: str, ttl: int) -> None:
        self.entries[key] = (time.monotonic() + ttl, value)
        self.entries.move_to_end(key)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)


class RedisStore:
    def __init__(self, url: str) -> None:
        from redis import Redis

        timeout = REDIS_TIMEOUT_SECONDS
        self.redis = Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)

    def get(self, key: str) -> str | None:
        from redis.exceptions import RedisError

        try:
            value = self.redis.get(key)
        except RedisError as error:
            _logger.warning("answer cache unreachable: %s", type(error).__name__)
            return None
        return value.decode() if isinstance(value, bytes) else None

    def set(self, key: str, value: str, ttl: int) -> None:
        from redis.exceptions import RedisError

        try:
            self.redis.set(key, value, ex=ttl)
        except RedisError as error:
            _logger.warning("answer cache unreachable: %s", type(error).__name__)


class AnswerCache:
    def __init__(self, store: Store, *, namespace: str = "ehub", ttl_seconds: int = 21_600) -> None:
        self.store, self.prefix, self.ttl = store, f"{namespace}:answers:", ttl_seconds

    @classmethod
    def from_settings(cls, settings: Settings) -> AnswerCache | None:
        if settings.answer_cache_seconds == 0:
            return None
        store: Store = RedisStore(settings.redis_url) if settings.redis_url else LocalStore()
        return cls(store, namespace=settings.redis_namespace, ttl_seconds=settings.answer_cache_seconds)

    def key(self, request: WritingRequest) -> str | None:
        """The cache key of an answer to a market question; None when the turn may not be cached."""
        market = request.facts.get("market")
        if not isinstance(market, dict) or _PERSONAL.search(request.message):
            return None
        parts = {
            "question": " ".join(_WORDS.findall(normalise(request.message))),  # case, accents, punctuation aside
            "area": market.get("area"),
            "marts": [str(market.get("period_end")), hashlib.sha256(as_json(market).encode()).hexdigest()],
            "language": request.language,
            "bot": request.bot,
            "template": request.template,
        }
        return self.prefix + hashlib.sha256(as_json(parts).encode()).hexdigest()

    def get(self, key: str) -> CachedAnswer | None:
        found = self.store.get(key)
        if found is None:
            return None
        try:
            return CachedAnswer(**json.loads(found))
        except (ValueError, TypeError):
            return None

    def put(self, key: str, request: WritingRequest, answer: CachedAnswer) -> bool:
        """Store `answer` unless it may hold something of the lead's; whether it was stored."""
        if _repeats_the_lead(answer.text, request):
            return False
        self.store.set(key, as_json(answer.__dict__), self.ttl)
        return True


def _repeats_the_lead(reply: str, request: WritingRequest) -> bool:
    """A capitalised word of the lead's message in the reply that the template and facts lack."""
    ours = request.template + as_json(request.facts)
    return any(word in reply and word not in ours for word in _CAPITALISED.findall(request.message))
