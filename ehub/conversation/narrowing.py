"""A change of search is not a revocation of consent (see `ehub.conversation.intent`): a request to
drop one kind of listing ("stop sending me condos, houses only") is cut out of a message before the
opt-out rules read it, when the message also asks for something else, says the search goes on or
restates it, and does not say the search is over.
"""

from __future__ import annotations

from ehub.conversation.text import WORDS
from ehub.patterns import compiled

# A change of search is not a revocation of consent: "stop sending me condos, houses only", "take me
# off the townhouse alerts, detached only", "unsubscribe me from the 55+ ones, still buying". Both
# must hold: the request names a kind of listing (not listings, texts or "your list" as a whole), and
# the message asks for something else or says the search goes on.
_LISTING_KIND = (
    r"(?:condos?|townhomes?|townhouses?|town homes?|houses?|homes?|listings?|properties|apartments?|duplexe?s?|"
    r"lots?|land|acreage|new builds?|builds?|alerts?|emails?|stuff|ones|options|updates|search|searches|"
    r"casas?|departamentos?|terrenos?)"
)
_GENERIC = frozenset(
    {"listings", "listing", "homes", "home", "properties", "alerts", "alert", "emails", "email", "stuff", "ones"}
    | {"options", "updates", "search", "searches", "list", "the", "your", "all", "these", "those", "any", "more"}
    | {"of", "for", "me", "us", "my", "texts", "messages", "casas", "mensajes", "los", "las", "tus", "sus"}
)
_NARROWED = compiled(
    r"\b(?:(?:stop|quit) (?:sending|showing|texting|emailing)(?: me| us)?"
    r"|(?:take|remove) (?:me|us) off(?: of)?|unsubscribe(?: me| us)? from|opt (?:me |us )?out of"
    r"|(?:dejen?|deja) de (?:mandar|enviar)(?:me|nos)?)"
    rf"(?P<what>(?: [a-z0-9$+'-]{{1,30}}){{0,5}}? {_LISTING_KIND})\b"
)
_GOES_ON = compiled(
    r"\b(?:only|just|instead|keep|still|rather|prefer|include|detached|looking for|want (?:a|an|to see)|"
    r"solo|nomas|nada mas|pero si|sigan)\b"
    # the search restated: "3 bedrooms, Pflugerville, under 400. Stop sending me 2-bedroom condos"
    r"|\b\d (?:bed|beds|bedroom|bedrooms|br|recamaras?)\b.{0,60}\b(?:under|below|max|up to|hasta|menos de) \$?\d"
)
# A search that is over is no narrowing: "stop sending me houses, just bought one" revokes.
_SEARCH_OVER = compiled(r"\b(?:bought|purchased|closed on|under contract|compramos|compre|ya no buscamos)\b")


def without_narrowing(clean: str) -> str:
    """The message with requests to drop one kind of listing cut out, when it asks for another."""
    if not _GOES_ON.search(clean) or _SEARCH_OVER.search(clean):
        return clean
    spans = [match.span() for match in _NARROWED.finditer(clean) if set(WORDS.findall(match.group("what"))) - _GENERIC]
    for start, end in reversed(spans):
        clean = f"{clean[:start]} {clean[end:]}"
    return clean
