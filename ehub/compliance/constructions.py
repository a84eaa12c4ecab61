"""The constructions that turn a group term into a preference, a limitation or an exclusion.

HUD's test (24 CFR 100.75, the 1995 advertising memo, the 2024 digital advertising guidance) is
about what a text does with people, not which words it contains: "Catholic" is fine in "St. Louis
Catholic Church" and unlawful in "ideal for Catholic families". So a rule here is a *construction*
(a cue and where it stands relative to a group term from `vocabulary`), never a phrase:

- **left cues** stand before the group: exclusion ("no", "won't rent to", "not suitable for",
  "without"), preference ("prefer", "perfect for", "seeking", "solo para"), characterisation of an
  area by its people ("mostly", "lots of"), a requirement ("must be"), steering ("since you're").
- **right cues** follow it: "need not apply", "not accepted", "preferred", "only", "will feel
  at home", "must", "usually prefer".
- **self-standing** coded phrases, which need no cue (in `coded`).

Between a cue and the group may stand a few words ("prefers a buyer who is not from Mexico");
for a *weak* term (a word with everyday uses: "family", "adults", "kids", "man") only determiners
and modifiers may ("perfect for a young family", never "perfect for visiting family").
Every pattern is bounded and anchored on a word, so finding them is linear in the text's length.
"""

from __future__ import annotations

import re

from ehub.compliance.vocabulary import words
from ehub.patterns import compiled

# Words that may stand between a cue and a weak group term.
TIGHT = words(
    """a an the any anyone anybody someone somebody people persons person buyers buyer tenants tenant renters renter
    applicants applicant residents resident occupants occupant household households with who are is not of from to
    too other more fewer only young small little older single married professional working mature nice good large
    big growing active fellow whole lot lots many some for by be being our your their his her this that it its
    those these most all un una unos unas el la los las de con personas persona gente familia familias pareja y o
    que sus su mas muy new recent right kind type sort were was otras otros otra otro rent rents renting rented lease
    leasing leased sell sells selling sold show showing shown deal deals work sign accept accepting consider will would
    been who's that's another see responsible reliable respectful clean quiet neat tidy honest decent serious stable
    hardworking employed sweet cute friendly fun easygoing discerning established sophisticated normal serio seria
    serios serias trabajador trabajadora limpio limpia tranquilo tranquila decente decentes responsable responsables
    bonita buena buen screaming crying noisy loud rowdy running yelling unsupervised rentar vender rentarle venderle
    rentarles rentarla venderla quiere quieren ok okay 1 2 3 4 5 one two three four five
    available open offered marketed go going offer para se renta rentan vende venden acepta aceptan inquilino inquilinos
    inquilina inquilinas comprador compradores compradora compradoras vecino vecinos vecina vecinas"""
)
# Words across which no cue reaches its group.
BARRIERS = words("but however pero aunque although unless except excepto besides whereas while")

_TEXT = r"(?:[\w']+,? ){0,%d}?"


def spaced(pattern: str) -> str:
    """A pattern whose spaces match runs of spaces: quotes, dashes and slashes are read as spaces, so
    'tired of "diverse" neighborhoods' reaches its cue as well as the plain words would. Spaces inside a
    character class or a look-behind (which must keep its width) stay single."""
    out, in_class, escaped, depth, behind = [], False, False, 0, []
    for index, char in enumerate(pattern):
        if escaped or char == "\\":
            escaped = not escaped and char == "\\"
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "(":
            depth += 1
            if pattern.startswith(("(?<=", "(?<!"), index):
                behind.append(depth)
        elif char == ")":
            if behind and behind[-1] == depth:
                behind.pop()
            depth -= 1
        elif char == " " and not behind and pattern[index + 1 : index + 2] not in ("?", "*", "+", "{"):
            char = " +"
        out.append(char)
    return "".join(out)


def phrase_pattern(pattern: str) -> re.Pattern[str]:
    """A cue pattern compiled for folded text (`spaced`)."""
    return compiled(spaced(pattern))


_compile = phrase_pattern


# Exclusion cues placed right before the group ("no kids", "not Christian", "sin hijos").
NO = _compile(
    r"(?<!have )(?<!has )(?<!got )(?<!with )\b(?:no|not|nor|never|sin|ni|nada de|ningun[oa]?s?|zero|isn'?t|aren'?t"
    r"|wasn'?t)\b"
)
# Exclusion verbs, with the words they take before the group ("won't rent to", "asked me not to show it to").
EXCLUDE = _compile(
    r"\b(?:won'?t|will not|wouldn'?t|would not|doesn'?t|does not|don'?t|do not|didn'?t|did not|can'?t|cannot"
    r"|can not|never|refuses? to|refused to|rather not|prefers? not to|not to|no longer)(?: \w+){0,2}? "
    r"(?:rent|sell|lease|show|accept|take|consider|approve|allow|want|permit|deal|work|process|book|admit|welcome"
    r"|sign|entertain|bring|send|market|let|submit|push)(?:s|ed|ing)?\b"
    r"|\b(?:isn'?t|aren'?t|is not|are not|not|no longer|uncomfortable|frowns? on|hesitant about) (?:renting|selling"
    r"|leasing|showing|accepting|taking|considering|dealing|working)\b|\bnot be (?:sold|rented|leased|shown|occupied"
    r"|conveyed)(?: or (?:sold|rented|leased|occupied|conveyed))?\b"
    r"|\bno (?:se |le |les |me |lo |la |los )?(?:quiere|quieren|queremos|quiero|quisiera|queria|acepta|aceptan"
    r"|aceptamos|acepto|admite|admiten|permite|permiten|renta|rentan|rentamos|rento|rentara|rentaria|vende|venden"
    r"|vendemos|vendo|vendera|venderia|recibe|reciben|mande|traiga|conviene|convendria|recomendaria|recomiendo)\b"
    r"|\b(?:prohibid[oa]s?|se niega a|exclude|excluding|excludes|excluded|leave out|leaving out|skip|skips|skipping"
    r"|screen out|screens out|screened out|turn away|turns away|turned away|keep out|keep away|avoid|avoiding"
    r"|away from|steer clear of|steer you away from|stay away from|deny|denies|denied|reject|rejects|rejected"
    r"|discourage|discourages|discouraged|no room for|unlike|not like|instead of|without|too many"
    r"|no exceptions for|filter out|not for|not suitable for|not suited (?:for|to)|not ideal for|not a (?:good )?fit"
    r" for|not appropriate for|not safe for|not right for|not made for|not meant for|not recommended for"
    r"|not good for|not a place for|isn'?t (?:suitable|ideal|safe|right|a good fit|meant|made|appropriate)(?: for)?"
    r"|not (?:available|open) to|too much (?:house|home|yard|work) for|no es para|no apt[oa] para"
    r"|not equipped (?:for|to)|(?:that|asked|asks) (?:we |you |they |i )?not (?:bring|show|send|rent|sell|lease"
    r"|accept|take)|said no to|say no to|tired of|done with|fed up with|frowns? on|frowned on|nervous about"
    r"|worried about|wary of|uneasy about|leery of|weird about|funny about|turning away|turning down|turn down"
    r"|screening out|keeping out|(?:isn'?t|is not|not|aren'?t|wasn'?t) (?:comfortable|happy|okay|ok|keen|interested)"
    r"(?: with)? (?:renting|selling|leasing|showing)|no (?:se |le |les |lo |la |los )?(?:renten|rente|vendan|venda"
    r"|acepten|acepte|muestren|muestre|compren|compre))\b"
)
PREFER = _compile(
    r"\b(?:prefer|prefers|preferred|preferring|pref|preference (?:(?:goes|is|will be) )?(?:given )?(?:to|for)"
    r"|priority (?:(?:goes|is|will be) )?(?:given )?(?:to|for)|favou?rs?|favou?ring|favou?red|hoping for|hopes?"
    r" (?:for|to find|to sell to|to rent to|to pass)|hoping|hopes|looking for|seeking|seeks|seek|searching for"
    r"|wants?|wanted|would(?: really| much| strongly)?"
    r" (?:rather|like|love|prefer)|'d(?: really| much)? (?:rather|like|love|prefer)"
    r"|rather (?:have|go with|sell to|rent to|deal with|see)|only|solely"
    r"|exclusively|just for|limited to|restricted to|reserved for|open only to|marketed (?:only |exclusively )?to"
    r"|(?:more )?comfortable with|happier with|rather have"
    r"|keep (?:your|the) search to|focus(?:ed|ing)? on|narrow(?:ed|ing)?(?: \w+){0,2}? to|filter(?:ed|ing)?"
    r"(?: \w+){0,2}? to|limit(?:ed|ing)?(?: \w+){0,3}? to|restrict(?:s|ed|ing)?(?: \w+){0,3}? to"
    r"|target(?:ed|ing)?(?: \w+){0,2}? to|show (?:you )?only"
    r"|perfect for|ideal for|great for|good for|best for|made for|built for|designed for|meant for|intended for"
    r"|tailored (?:to|for)|suits?|suited (?:for|to)|works? best for|better (?:suited )?(?:for|to)|fit for|match"
    r" for|(?:home|house|condo|apartment|unit|loft|studio|casita|cottage|pad|retreat|haven|building|property"
    r"|rental|flat|residence|townhome|duplex|paradise|street|community|neighborhood|nest|getaway) for"
    r"|offered (?:only |first |exclusively )?to|available (?:only )?to"
    r"|se prefieren?|prefiere[n]?|preferimos|prefiero|ideal para|perfect[oa] para|adecuad[oa] para|pensad[oa]"
    r" para|hech[oa] para|solo|solamente|unicamente|se busca|buscamos|busco|reservad[oa] para|mejor"
    r" para|only to|just to|quiere|quieren|queremos|busca|buscan|se prefiere|as long as|de preferencia|preferiblemente"
    r"|preferably|(?:feel|feels|be)(?: \w+)? (?:better|safer|safest|happier|happiest|more comfortable|most"
    r" comfortable) (?:with|having|renting to|selling to)"
    r"|se (?:renta|rentan|alquila|alquilan|vende|venden)(?: \w+){0,3}? (?:a|para)|(?:casa|departamento"
    r"|depa|cuarto|recamara|duplex|condominio|edificio|casita|propiedad|vivienda) para|(?:better|happier|more"
    r" comfortable|rather) (?:renting|selling|leasing|rent|sell|lease) to|(?:see|want|like|prefer)s? (?:it|the"
    r" (?:house|home|unit|place|property)) (?:go|goes|sold|rented|leased) to)\b"
    r"|\b(?:perfect|ideal|great|good|best|excellent|wonderful|lovely|cozy|sleek|stylish|charming|chic|adorable"
    r"|cute|sophisticated|quiet|dream)(?: [\w']+){1,3} for\b"
)
# An area described by who lives there ("mostly white", "lots of Vietnamese families").
MOSTLY = _compile(
    r"\b(?:mostly|mainly|largely|predominantly|primarily|overwhelmingly|heavily|majority|almost all|nearly all"
    r"|almost entirely|all|very|too|pretty|puros?|puras?|casi todos son|casi puros|mayoria|mayormente|lots? of"
    r"|a lot of|plenty of|many|more|fewer|less|few|a few|very few|not many|full of"
    r"|filled with|bunch of|tons? of|most of the|most|muchos?|muchas?|pocos?|pocas?|tanta|tantos|tantas|llen[oa]s? de"
    r"|(?:donde )?viven?|hay)\b"
)
# Who a bare modifier describes when it stands alone ("the neighbors are mostly Asian").
SUBJECTS = words(
    """neighbors neighbours residents people folks population families demographics area areas neighborhood
    neighborhoods community street block side part zip zips pocket town suburb subdivision building complex
    vecinos gente zona barrio colonia vecindario it's kids children ninos students ahi alla alli aca comunidad
    comunidades edificio calle cuadra"""
)
REQUIRE = _compile(
    r"\b(?:must|should|shall|need to|needs to|have to|has to|required to|requires?|required|requirement|mandatory"
    r"|deben|debe|se requiere|requisito|requiere|check|checks|checked|screen(?:ed|ing)? for|disclose|disclosure of"
    r"|background check includes|ask(?:s|ed)? (?:about|if|whether)|inquir\w+ (?:about|if|whether)|proof of|prove"
    r"|show|verify|verifies|verified"
    r"|verification of|provide|present|submit|se pide|se piden|pedimos|piden|se revisara|revisaremos|se revisa"
    r"|se verificara|verificaremos|verificamos|presentar|comprobar|comprobante de|(?:confirm|certif|stat|show|prov"
    r"|verif|attest|document)\w* (?:that )?(?:they|you|he|she|the applicant|applicants?|tenants?|residents?) (?:have"
    r"|has|do|does|are|is)(?: not| no)?)\b"
)
# "Residents are white": a bare modifier as what people are.
COPULA = _compile(
    r"\b(?:are|is|were|son|es)\b(?: (?:mostly|mainly|all|almost all|predominantly|largely|primarily|still"
    r"|pretty|very|really|nearly all|casi todos|puros?))?"
)
# The writer naming themselves ("we're a", "I'm", "somos"), so the term after it describes the writer.
SELF_LEAD = _compile(
    r"\b(?:we're|we are|i'?m|i am|somos|soy|estoy|estamos|we have|i have|we'?ve got|i'?ve got|tenemos|tengo"
    r"|as an?)\b"
)
# Steering constructions that point at the reader's own class ("since you're Hindu", "with your wheelchair").
SINCE = _compile(
    r"\b(?:since|because|as|given|now that|seeing as|with|based on|considering|como|con|dado que|ya que)\b"
)
SECOND_PERSON = _compile(r"\b(?:you|your|you'd|you'll|you're|yours|yourself|usted|ustedes|les|le|su|sus|him|her)\b")

# Right cues: what follows a group term.
EXCLUDED_AFTER = _compile(
    r"\b(?:need not|needn'?t|not (?:be )?(?:accepted|allowed|welcome|welcomed|permitted|considered|tolerated"
    r"|recommended|eligible|a (?:good )?fit|suitable)|will not be (?:considered|accepted|allowed|approved)"
    r"|won'?t be (?:considered|accepted|approved)|(?:are|is) not (?:allowed|permitted|accepted|welcome)"
    r"|aren'?t (?:allowed|welcome|accepted)|isn'?t (?:allowed|welcome)|should (?:look|go|rent|buy) elsewhere"
    r"|look(?:ing)? elsewhere|(?:are|is|will be|get|gets) (?:denied|rejected|screened out|turned away|declined"
    r"|refused|turned down)|(?:asked|have|has|must|will have) to wait|wait until|(?:be |are |is )?charged (?:a )?"
    r"(?:higher|extra|more|additional|double)|(?:pay|pays) (?:a )?(?:higher|extra|more|additional|double)"
    r"|(?:higher|extra|additional|larger|double) (?:deposit|rent|fee)s?"
    r"|need not inquire|should not apply|do not apply|don'?t apply|prohibited|forbidden|banned|discouraged"
    r"|(?:won'?t|will not|do not|don'?t|does not|doesn'?t|would not|wouldn'?t) qualify|no (?:califican?|calificaran)"
    r"|(?:please )?(?:don'?t|do not) (?:call|inquire|bother|ask)|(?:por favor )?no (?:llamen|llame|pregunten)"
    r"|no (?:es|son) bienvenid\w+|no (?:son|es) aceptad\w+|no se aceptan?|no pueden|no permitid\w+"
    r"|(?:would|will|might|may|could) not (?:be )?(?:comfortable|welcome|happy|fit)|wouldn'?t be (?:comfortable"
    r"|welcome|happy)|won'?t (?:be )?(?:comfortable|welcome|happy|fit)|(?:might|may|will|would) not feel|won'?t"
    r" feel|not feel (?:comfortable|welcome|at home)|(?:have|had|has|having) (?:had )?(?:an? )?(?:hard|tough"
    r"|difficult|rough) time|haven'?t had an easy time|give (?:you|them) (?:a |any )?(?:hard time|trouble)"
    r"|(?:would|will|might) stand out|out of place|better off (?:looking )?(?:elsewhere|somewhere else)"
    r"|(?:would|will) be better off|tend to be happier|be happier|be more comfortable|more comfortable"
    r"|feel more at home|at ease|(?:are|is) not eligible|(?:will not|won'?t) be (?:processed|answered|honou?red"
    r"|served|shown|approved|assigned)|no (?:le |les |se )?(?:renta|rentan|vende|venden|acepta|aceptan|quiere"
    r"|quieren)|(?:might|may|would|will) do better elsewhere)\b"
)
PREFERRED_AFTER = _compile(
    r"\b(?:only|solo|solamente|unicamente|preferred|preferid[oa]s?|welcome|welcomed|encouraged|wanted|sought"
    r"|get(?:s)? priority|receive priority|have priority|priority|first|pref|pref'?d|prefd|will love|would love"
    r"|will appreciate"
    r"|would appreciate|will enjoy|(?:will|would) feel (?:right )?at home|feel (?:right )?at home|(?:will|would)"
    r" fit (?:right )?in|will like|only need apply|need only apply|se prefieren?)\b"
)
# A rule with people as its subject ("children must be supervised") ...
MUST_AFTER = _compile(
    r"\b(?:must|may not|cannot|can'?t|are not allowed to|is not allowed to|aren'?t allowed to|are not permitted to"
    r"|need to|have to|will have to|are required to|is required to|shall not|no pueden|deben|tienen que"
    r"|may (?:only )?(?:visit|stay)(?: for)? (?:up to|no more than|at most|only)|(?:are|is) to be|(?:should|must"
    r"|will) be (?:steered|shown|routed|directed|sent|offered|given)|will need|will be (?:placed"
    r"|assigned|required|charged|asked|moved|limited|restricted|housed|subject|put|billed)|(?:are|is) (?:asked"
    r"|expected) (?:not )?to|no podran|deberan|tendran que|may only|are limited to|is limited to|are restricted to"
    r"|must not)\b"
)
# ... and a trait demanded of them ("proof of citizenship required").
REQUIRED_AFTER = _compile(
    r"\b(?:required|req'?d|requerid[oa]s?|obligatori[oa]|mandatory|must be (?:disclosed|shown|provided|verified"
    r"|proven|submitted))\b"
)
TEND_AFTER = _compile(
    r"\b(?:usually|typically|generally|tend to|tends to|often|mostly|normally|have mostly been|have been|have"
    r"|has|all)? ?(?:prefer|like|choose|pick|buy|buying|live|settle|settled|move|moved|go for|end up|flock"
    r"|gravitate|moving in|moved in|look in|looks in|shop in|search in|head to|rent in)\b"
)
