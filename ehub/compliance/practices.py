"""What people wear, display, eat, carry or show: the practices and papers a class is excluded by.

"No hijabs", "menorahs are not approved", "no curry smells", "no consular IDs" exclude people by
religion or national origin without naming them. These terms are of the kind `practice`: like an
accommodation (`aid`), only excluding or restricting one counts ("kosher kitchen", "Christmas
lights route", "consular ID accepted" describe a home or welcome a document). Requiring a document
that only citizens hold (a U.S. passport, a U.S. birth certificate) is a `trait` in `vocabulary`.
"""

from __future__ import annotations

from ehub.compliance.vocabulary import NATIONAL_ORIGIN, RELIGION

PRACTICE = "practice"

PRACTICES: tuple[tuple[str, str, str], ...] = (
    (
        RELIGION,
        PRACTICE,
        """religious symbols, religious symbol, religious items, religious displays, religious decorations,
        religious gatherings, religious services, religious meetings, religious events, religious holidays,
        religious dress, religious clothing, religious garments, religious attire, religious music, religious art,
        religious materials, star of david, stars of david, star of david decorations, religious signs, religious
        flags, other religious displays, prayer, prayers, prayer groups, prayer group, prayer meetings, prayer
        meeting, prayer mats, prayer mat, prayer rugs, prayer rug, prayer times, call to prayer, worship services,
        worship gatherings, hijab, hijabs, headscarf, headscarves, head scarves, head coverings, head covering,
        burka, burkas, burqa, burqas, niqab, niqabs, turban, turbans, yarmulke, yarmulkes, kippah, kippot,
        skullcaps, menorah, menorahs, mezuzah, mezuzahs, mezuzot, diyas, diwali lights, diwali decorations, diwali
        diyas, hanukkah lights, hanukkah decorations, chanukah lights, eid banners, eid decorations, ramadan,
        ramadan gatherings, iftar, iftars, halal, halal butchering, halal meat, halal cooking, beef cooking, cooking
        beef, incense, proselytizing, proselytising, evangelizing, sabbath observance, nativity scenes, nativity
        scene, crosses, crucifixes, christmas decorations, christmas trees, rosaries, simbolos religiosos, articulos
        religiosos, adornos religiosos, imagenes religiosas, reuniones religiosas, eventos religiosos, rezos,
        oraciones, hiyab, velos, turbantes, otros simbolos religiosos, non christian faiths, other faiths, other
        religions, otras religiones""",
    ),
    (
        NATIONAL_ORIGIN,
        PRACTICE,
        """curry, curry smell, curry smells, ethnic food, ethnic foods, ethnic cooking, ethnic smells, ethnic
        parties, ethnic music, foreign cooking, foreign food, foreign foods, foreign cooking odors, foreign smells,
        foreign languages, other languages, languages other than english, matricula consular, matriculas consulares,
        consular id, consular ids, consular card, consular cards, foreign passport, foreign passports, pasaporte
        extranjero, pasaportes extranjeros, foreign id, foreign ids, foreign documents, itin number, itin numbers,
        numero itin, spanish language requests""",
    ),
)
