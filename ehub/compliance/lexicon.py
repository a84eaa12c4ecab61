"""Every group term the guard knows, as word tuples: the vocabulary plus generated forms.

Nationalities and languages are listed once ("korean:coreano") and become the English adjective,
its plural ("Koreans"), the Spanish gender and number forms ("coreano", "coreanas"), and the
language traits ("speaks Korean", "Korean speakers", "que hablen coreano"). Terms that name
people or an aid also get a plural ("caregiver" -> "caregivers"), and Spanish adjectives listed
in one form take every gender and number ("cristiano" -> "cristianas").
"""

from __future__ import annotations

from functools import cache

from ehub.compliance.practices import PRACTICES
from ehub.compliance.vocabulary import (
    AID,
    MODIFIER,
    NATIONAL_ORIGIN,
    PEOPLE,
    RACE,
    TERMS,
    TRAIT,
    terms,
    words,
)

# Nationalities, regions and ethnic groups: "english adjective[:spanish stem]".
_NATIONS = """afghan:afgano, african:africano, albanian:albanes, algerian:argelino, american:americano, arab:arabe,
argentine:argentino, argentinian, armenian:armenio, australian:australiano, austrian:austriaco,
bangladeshi, bengali, belarusian, belgian:belga, bolivian:boliviano, bosnian, brazilian:brasileno,
british:britanico, bulgarian, burmese, cambodian:camboyano, cameroonian, canadian:canadiense, caribbean:caribeno,
central american:centroamericano, chechen, chilean:chileno, chinese:chino, colombian:colombiano, congolese,
costa rican:costarricense, croatian, cuban:cubano, czech, dominican:dominicano, dutch:holandes, east asian,
ecuadorian:ecuatoriano, egyptian:egipcio, eritrean, ethiopian:etiope, european:europeo, filipino:filipino,
finnish, french:frances, german:aleman, ghanaian, greek:griego, guatemalan:guatemalteco, haitian:haitiano,
honduran:hondureno, hungarian, indian:indio, indonesian, iranian:irani, iraqi:iraqui, irish:irlandes,
israeli, italian:italiano, jamaican:jamaiquino, japanese:japones, jordanian, kenyan, korean:coreano, kurdish,
laotian, latin american:latinoamericano, lebanese:libanes, liberian, libyan, malaysian, mexican:mexicano,
middle eastern, moroccan:marroqui, nepali, nicaraguan:nicaraguense, nigerian:nigeriano, north african,
norwegian, pakistani:paquistani, palestinian:palestino, panamanian:panameno, paraguayan:paraguayo, persian:persa,
peruvian:peruano, polish:polaco, portuguese:portugues, puerto rican:puertorriqueno, romanian:rumano,
russian:ruso, salvadoran:salvadoreno, salvadorean, saudi, scottish, senegalese, serbian, sierra leonean,
slavic, somali, south american:sudamericano, south asian, south african, spanish:espanol, sri lankan,
sudanese, swedish, syrian:sirio, taiwanese:taiwanes, tamil, thai, tibetan, turkish:turco, ugandan,
ukrainian:ucraniano, uruguayan:uruguayo, uzbek, venezuelan:venezolano, vietnamese:vietnamita, west african,
west indian, yemeni, zimbabwean, hmong, gypsy:gitano, punjabi, gujarati, telugu, desi, arab american,
mexican american:mexicoamericano, chicano:chicano, latinx, hispanic:hispano, latino:latino, latina, gringo:gringo,
anglo saxon:anglosajon, native american, asian:asiatico, anglo"""

# Languages: a language preference is a national-origin proxy (HUD); offering help in one is lawful.
_LANGUAGES = """english:ingles, spanish:espanol, chinese:chino, mandarin:mandarin, cantonese, vietnamese:vietnamita,
korean:coreano, hindi:hindi, telugu, tamil, urdu, arabic:arabe, russian:ruso, french:frances, portuguese:portugues,
tagalog, japanese:japones, gujarati, punjabi, bengali, farsi, somali, amharic, swahili"""


def _language_terms() -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for entry in terms(_LANGUAGES):
        english, _, spanish = entry.partition(":")
        for verb in ("speak", "speaks", "speaking", "speak fluent", "speak only"):
            found[f"{verb} {english}"] = (NATIONAL_ORIGIN, TRAIT)
        found[f"{english} speakers"] = (NATIONAL_ORIGIN, PEOPLE)
        found[f"{english} speaking"] = (NATIONAL_ORIGIN, MODIFIER)
        for verb in ("hable", "hablen", "hablan", "habla", "hablar", "que hablen", "que hable"):
            found[f"{verb} {spanish or english}"] = (NATIONAL_ORIGIN, TRAIT)
    return found


# Spanish adjectives listed in one form take every gender and number ("cristiano" -> "cristianas").
_SPANISH_INFLECTED = words(
    "blanco negro moreno afroamericano cristiano catolico judio evangelico ateo budista mexicano latino hispano "
    "discapacitado autista ciego sordo soltero casado jubilado embarazada"
)


def _plural(word: str) -> str:
    if word.endswith(("ese", "ish", "ss", "ch", "sh", "s", "x", "z", "i")) and not word.endswith("ali"):
        return word + "s" if word.endswith("i") else word
    return word + "s"


def _spanish_forms(stem: str) -> list[str]:
    """'mexicano' -> mexicano, mexicana, mexicanos, mexicanas; 'aleman' -> aleman, alemana, alemanes, alemanas."""
    if stem.endswith(("o", "a")):
        root = stem[:-1]
        return [root + "o", root + "a", root + "os", root + "as"]
    if stem.endswith(("e", "i")):
        return [stem, stem + "s", stem + "es"]
    return [stem, stem + "a", stem + "es", stem + "as"]


def _nation_terms() -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for entry in terms(_NATIONS):
        english, _, spanish = entry.partition(":")
        cls = RACE if english in ("asian", "anglo", "anglo saxon", "native american") else NATIONAL_ORIGIN
        found[english] = (cls, MODIFIER)
        found.setdefault(_plural(english), (cls, MODIFIER if _plural(english) == english else PEOPLE))
        for form in _spanish_forms(spanish) if spanish else ():
            found.setdefault(form, (cls, PEOPLE if form.endswith("s") else MODIFIER))
    return found


@cache
def lexicon() -> dict[tuple[str, ...], tuple[str, str]]:
    """Every group term as a tuple of words -> (protected class, kind); the first listing of a term wins."""
    entries: dict[tuple[str, ...], tuple[str, str]] = {}
    for term, value in (_nation_terms() | _language_terms()).items():
        entries.setdefault(tuple(term.split()), value)
    for cls, kind, spec in TERMS + PRACTICES:
        for term in terms(spec):
            entries[tuple(term.split())] = (cls, kind)  # the class lists override a nationality reading
            if term in _SPANISH_INFLECTED:
                for form in _spanish_forms(term if not term.endswith("a") else term[:-1] + "o"):
                    entries.setdefault((form,), (cls, kind))
            if kind in (PEOPLE, AID) and term[-1].isalpha() and not term.endswith("s"):
                entries.setdefault(tuple(_plural(term).split()), (cls, kind))  # "caregiver" -> "caregivers"
    return entries


LONGEST_TERM = 6
