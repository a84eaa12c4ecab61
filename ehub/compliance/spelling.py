"""How a word in an ad or a message is spelt back to the word the guard knows: obfuscation
("n0 ch1ldren", "wheelch@irs"), a group word missing one letter ("Christan") and Spanish diminutives
("blanquitos"). Real words that only look like these are left as they are.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ehub.compliance.lexicon import lexicon
from ehub.compliance.vocabulary import words
from ehub.patterns import compiled

# Obfuscated words ("n0 ch1ldren", "wheelch@irs") read as written, one character for one, when the
# result is a word the guard knows; "4bd" or "78745" are left alone.
_LEET = compiled(r"(?<![a-z0-9@$])(?=[a-z0-9@$]*[a-z])(?=[a-z0-9@$]*[0-9@$])[a-z0-9@$]{2,24}(?![a-z0-9@$])")
_UNLEET = str.maketrans("013457@$", "oieastas")
_CUE_WORDS = words(
    "no not only owner owners preferred pref allowed welcome need apply please adults adult kids children"
)


# A group word with one letter dropped ("Christan", "Chldren", "Handicaped") reads as the word; real words that
# are a group word less a letter are left alone: "kitchen redone" is no redbone, "finish the basement" no Finnish.
# (The candidates were checked against English and Spanish dictionaries; misspelt group words stay caught.)
_NOT_TYPOS = words(
    """addition parent senior dreamer france colombia guatemala venezuela honduras israel nigeria germany mexica
    blacken whiten christen indiana arabia jordan panama canada cuban chinaa additions believes bengals coupes
    crucifies cristina ethically europa evangelio finish francs ilegal americas morons outsides payers quakes
    redone refuges retied retires singes solera toddles triples unmarred"""
)


@lru_cache(maxsize=1)
def _dropped() -> dict[str, str]:
    found: dict[str, str] = {}
    for key in lexicon():
        if len(key) == 1 and len(key[0]) >= 7 and key[0].isalpha():
            for position in range(1, len(key[0])):
                found.setdefault(key[0][:position] + key[0][position + 1 :], key[0])
    known = {part for key in lexicon() for part in key} | _NOT_TYPOS
    return {typo: word for typo, word in found.items() if typo not in known}


_DIMINUTIVE = compiled(r"(qu|gu)?it(o|a|os|as)$")
# The words whose diminutives describe people ("güerita", "morenitos", "niñitos"), never "visita" or "cita".
_DIMINUTIVE_BASES = words(
    """blanca blanco blancas blancos negra negro negras negros morena moreno morenas morenos prieta prieto prietas
    prietos guera guero gueras gueros clara claro claras claros oscura oscuro nina nino ninas ninos chica chico
    chicas chicos vieja viejo viejas viejos sola solo solas solos"""
)


@lru_cache(maxsize=4096)
def spelled(word: str) -> str:
    """A misspelt group word as the word; a Spanish diminutive of one ("clarita", "blanquitos") as its base."""
    if len(word) < 6:
        return word
    ending = _DIMINUTIVE.search(word)
    if ending and (word,) not in lexicon():
        base = word[: ending.start()] + {"qu": "c", "gu": "g"}.get(ending.group(1) or "", "") + ending.group(2)
        if base in _DIMINUTIVE_BASES:
            return base
    return _dropped().get(word, word)


def _unleet(match: re.Match[str]) -> str:
    plain = match.group(0).translate(_UNLEET)
    known = plain in _CUE_WORDS or (plain,) in lexicon() or (plain.rstrip("s"),) in lexicon()
    return plain if known else match.group(0)


def unleet(text: str) -> str:
    """Obfuscated words in `text` read as written, where the result is a word the guard knows."""
    return _LEET.sub(_unleet, text)
