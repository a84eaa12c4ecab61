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
- **self-standing** coded phrases: "changing neighborhood", "in transition", "the wrong element",
  "not too urban", "if you know what I mean", "people like you", "you'd fit right in", an
  age limit outside housing for older persons, an occupancy cap, a refusal of modifications.

Between a cue and the group may stand a few words ("prefers a buyer who is not from Mexico");
for a *weak* term (a word with everyday uses: "family", "adults", "kids", "man") only determiners
and modifiers may ("perfect for a young family", never "perfect for visiting family").
Every pattern is bounded and anchored on a word, so finding them is linear in the text's length.
"""

from __future__ import annotations

import re

from ehub.compliance.vocabulary import words

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
    return re.compile(spaced(pattern))


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

# Self-standing coded constructions: (protected class, rule name, pattern).
CODED: tuple[tuple[str, str, str], ...] = (
    (
        # "someone 'fair', and she doesn't mean fair credit": the innocent sense denied leaves the complexion
        "color",
        "coded-wink",
        r"\b(?:does not|doesn'?t|do not|don'?t|did not|didn'?t|not|no) mean(?:ing|s)? (?:a |the )?(?:fair|light|pale)"
        r" (?:credit|price|prices|rent|deal|housing|share|terms|market|weather|treatment)\b",
    ),
    (
        "race",
        "coded-change",
        r"\bchanging (?:neighborhood|area|community|part of town|demographics?|block)\b"
        r"|\b(?:neighborhood|area|east side|that part of town|it|community|barrio|zona)(?: is| has been| are)?"
        r" (?:changing|transitioning)\b(?! (?:fast|quickly|for the better)?(?: [-—] )?(?: with| three| new))",
    ),
    (
        "race",
        "coded-change",
        r"\b(?:in|going through an?|en|a) transi(?:tion|cion)\b(?! (?:from|to|de|a)\b)"
        r"|\btransitional (?:area|neighborhood|part of town)\b|\bya no es lo que era\b|\b(?:gente|personas) de otro"
        r" tipo\b|\botro tipo de gente\b|\bque cambie la gente\b"
        r"|\b(?:got|gotten|getting|became|become|turned|turning|grown) (?:so |too |more |very |really |a lot more |as"
        r" |pretty |kind of |kinda |a bit |a little )?(?:colorful|colourful|mixed|diverse|integrated|ethnic"
        r"|multicultural)\b|\bintegrated\W+(?:never|no way|not here|heck no|no)\b"
        r"|\b(?:neighbou?rhood|area|street|block|community|town|barrio) (?:that )?(?:hasn'?t|has not|never) changed\b"
        r"|\b(?:kept|keep|keeping|stays?|stayed|preserv\w+)(?: it| things)? (?:the )?old(?: fashioned)? way\b"
        r"|\b(?:buyers|people|neighbou?rs|residents|tenants|owners|families|folks|someone|somebody) who (?:will|'ll"
        r"|would|'d) (?:keep|preserve) (?:it|things|the (?:street|neighbou?rhood|block|area)) (?:that way|the same"
        r"|the way it is|as it is)\b|\b(?:street|neighbou?rhood|block|area|community) (?:has )?(?:stayed|remained)"
        r" the same\b",
    ),
    (
        "race",
        "coded-demographics",
        r"\b(?:different|changing|shifting|new|certain|that|the right|the wrong) "
        r"demographics?\b|\bdemographics? (?:is |are )?(?:shifting|changing|different|predominantly)\b"
        r"|\b(?:getting|gotten|more|too|less|very|a lot more) diverse\b|\bdiverse (?:neighborhood|area|community"
        r"|crowd|population|street|block|part of town)\b|\bintegrated (?:community|neighborhood|area)\b"
        r"|\b(?:a lot of|lots of|much|any|little|no|less|more|too much|plenty of|full of|free of|away from|tired of"
        r"|sick of|done with|escape|avoid)(?:,? (?:um|uh|let'?s say|shall we say|you know|so to speak|ahem),?)?"
        r" (?:diversity|diverse)\b(?! (?:of|in) (?:housing|homes?|architecture|restaurants?|food|shops?|stores?"
        r"|styles?|prices?|floor ?plans?|options|amenities|trees|plants|wildlife|businesses|dining|cuisine))",
    ),
    (
        "race",
        "coded-element",
        r"\b(?:the|that|wrong|bad|undesirable|certain|criminal|rough|seedy|unsavou?ry)"
        r" element\b(?! of)|\bthe wrong kind of people\b|\briff raff\b|\b(?:away from|avoid|keep out|without|free of"
        r"|none of|rid of|far from) (?:the |that |this )?(?:[\w']+ ){0,3}?element\b(?! of)|\b(?:none of|no|not|without"
        r"|away from|avoid|keep out|free of) the (?:[\w']+ ){1,2}?crowd\b",
    ),
    (
        "race",
        "coded-urban",
        r"\b(?:too|not too|less|more|so) urban\b|\burban (?:crowd|element|types?|people|folks"
        r"|youth|families|problems?|culture)\b|\binner city (?:crowd|element|types?|people|folks|kids|families"
        r"|problems?|culture|feel)\b",
    ),
    (
        "race",
        "coded-wink",
        r"\b(?:if (?:you|u) (?:know|get|catch|see|understand) (?:what (?:i|we) mean|(?:my|our|the) (?:drift"
        r"|meaning))|(?:you|u) know what (?:i|we) mean|(?:get|catch) (?:my|our|the) drift|if you (?:know|get it),?"
        r" you (?:know|get it)|if you understand(?: me)?|read between the lines|nudge nudge|usted me entiende"
        r"|ustedes me entienden|me entiende usted"
        r"|know what i'?m saying|ya sabe (?:a )?(?:lo )?que (?:me refiero|quiero decir)|ya sabe como es|si me"
        r" entiende|wink wink)\b",
    ),
    (
        "race",
        "coded-area",
        r"\b(?:good|better|right|nicer|safer) (?:part|side) of (?:town|the tracks)\b|\b(?:good|better|right|nicer"
        r"|safer|wrong|bad) side of (?:the )?(?:i 35|ih 35|i35|35|mopac|lamar|183|the highway|highway|the river|river"
        r"|the interstate|interstate|the freeway|congress|\w+ (?:avenue|street|road|blvd|boulevard))\b"
        r"|\bwrong side of the tracks\b|\bexclusive (?:neighborhood|community|area|enclave|street)\b"
        r"|\b(?<!age )(?<!deed )restricted (?:neighborhood|community)\b|\btraditional (?:neighborhood|community"
        r"|values|families)\b|\bold fashioned neighborhood\b|\bthe way it(?:'s| has| was)? always (?:been|was)\b"
        r"|\b(?:type|kind|sort|class) of (?:residents|people|neighbors|neighbours|families|buyers|owners)\b"
        r"(?! (?:who|that) (?:want|love|enjoy|like|need))|\bstayed the way it (?:always )?was\b"
        r"|\bkeep (?:its|the (?:street|neighborhood|block)'?s?) character\b"
        r"|\b(?:east|west|north|south) side crowd\b|\bcrowd (?:is|are) different\b|\bif you want (?:safe|safety)\b"
        r"|\b(?:safe|safer|better) (?:neighborhood|area|schools?)\b(?: \w+){0,3} for"
        r" (?:families|kids|children|people like)|\bthan the other side of town\b",
    ),
    (
        "race",
        "coded-side",
        r"\b(?:avoid|skip|stick to|stay (?:on|in|away from|out of)|away from|leave out"
        r"|steer clear of|anything|nothing like|unlike|not like|far from|well away from)\b(?: [\w']+){0,3}? (?:the )?"
        r"(?:(?:east|west|north|south)(?: side| of (?:35|i 35|ih 35|mopac|lamar|183|the river|the highway|the tracks))"
        r"|(?:that|the other|the wrong|other) side of (?:35|i 35|ih 35|mopac|lamar|183|the river|the highway|the tracks"
        r"|town))\b"
        r"|\b(?:east|west) side zips?\b",
    ),
    (
        "religion",
        "coded-practice",
        r"\bmost (?:folks|people|residents|families|neighbors)(?: [\w']+){0,3}?"
        r" (?:attend|go to|belong to|are members)\b|\bchurch is a big part of your life\b",
    ),
    (
        "familial_status",
        "age-limit",
        r"\badults? only\b|\bonly adults\b|\badult (?:lifestyle|living|oriented"
        r"|community|building|complex|property|residence|atmosphere|vibe|environment|feel|crowd|neighbors)\b"
        r"|\bgrown up (?:living|lifestyle|atmosphere|vibe|building|community|only|residents|neighbors)\b|\bgrown ups"
        r" only\b|\bfor grown ups\b|\b(?:1[89]) ?(?:\+|and (?:over|up|older)|or (?:older|over))(?= (?:community"
        r"|building|only|property))|\b(?:2[1-5]|30|35|40|45|50) ?(?:\+|(?:and|&) (?:over|up|older)|or (?:older|over))"
        r"(?= (?:community|building|only|residents|property)|[.,;)]|$)|\bsolo adultos\b",
    ),
    (
        "familial_status",
        "coded-children",
        r"\b(?:no|isn'?t|not) (?:safe|a house|a place|suitable|ideal) for (?:kids"
        r"|children|little ones)\b|\bsafe (?:neighborhood|area) for (?:families|kids|children)\b"
        r"|\bnoise of kids\b|\bsingles' haven\b|\bempty nesters?\b(?! (?:or|and) )|\bnewlyweds?\b"
        r"|\banti (?:stroller|kids?|child|children|family|families|baby|babies)\b|\b(?:stroller|toddler|baby) free\b"
        r"|\b(?:past|done with|beyond|finished with|over) (?:the |all the )?(?:diaper|carpool|soccer practice|school"
        r" run|toddler|baby|car seat|playdate|sippy cup|little league|tricycle)(?: years| phase| stage| days)?\b"
        r"|\byoung professionals?\b",
    ),
    ("sex", "coded-sex", r"\bgentleman'?s retreat\b|\bbachelor(?:ette)? pad\b"),
    (
        "disability",
        "ability-requirement",
        r"\b(?:must|should|need to|needs to|has to|have to|required to|deben"
        r" poder)(?: be)?(?: physically)? (?:able|capable) (?:to|of)\b(?! (?:pay|paying|afford|provide|providing|show"
        r"|sign|prove|pass|meet|qualify|verify|document|submit|start|move|commit|make|cover|present|obtain|get"
        r"|furnish|produce|communicate|respond|close|closing)\b)|\b(?:must|should|deben) (?:walk|hear|see"
        r"|climb|live) \w+|\bwho can (?:handle|manage|climb) (?:the )?(?:\w+ )?(?:stairs|steps)\b",
    ),
    (
        "disability",
        "modification-refusal",
        r"\b(?:cannot|can'?t|won'?t|will not|not) (?:be )?(?:modified|adapted"
        r"|altered) for\b|\b(?:won'?t|will not|doesn'?t|does not|not|never) (?:allow|permit|approve|make|install"
        r"|let anyone put in)\w* (?:any )?(?:ramps?|modifications?|grab bars|lifts?|accommodations?)\b|\bmust not "
        r"(?:require|need|request|use|have)\w* (?:any )?(?:accommodations?|modifications?|assistance|aids?)\b",
    ),
    (
        "disability",
        "assistance-animal",
        r"\b(?:no|not|never|without|sin)\b[^.;!?]{0,40}?\b(?:includ\w*|even|nor|ni|incluyendo)(?: \w+){0,2}? (?:service"
        r"|assistance|support|guide|therapy|emotional support) (?:animals?|dogs?)\b"
        r"|\bno (?:exceptions? for )?(?:service|assistance|support|guide|emotional support) (?:animals?|dogs?)\b"
        r"|\b(?:perros|animales) de (?:servicio"
        r"|apoyo|asistencia)\b(?= no)|\bprohibid\w+ (?:los |las )?(?:perros|animales)\b",
    ),
)

# "You'd fit right in", "people like you": steering that needs no group word.
STEER = _compile(
    r"\b(?:you|you'd|you'll|you're|y'all|your family|they|we|ustedes|usted)(?:'d| would| will|'ll| should| could"
    r"| might| may| are going to|'re going to| probably| really| definitely| honestly| just| totally| right)* "
    r"(?:fit|blend)(?: right| really| perfectly)? in\b"
    r"|\b(?:people|folks|families|family|clients|buyers|neighbors|someone|kids) like (?:you|yours|yourself|us|ours"
    r"|you guys)\b|\blooks? like (?:you|yours|your family)\b|\bwho look like\b|\b(?:your|their|our) (?:own )?"
    r"(?:kind|type|sort) of (?:people|folks|neighbors|crowd|family|families)\b|\b(?:your|their|our) own (?:people"
    r"|kind)\b|\bmore your (?:kind|type|speed|crowd)\b|\b(?:the )?(?:right|wrong|better|different|same) crowd\b"
    r"|\b(?:people|folks|families|neighbou?rs|others|buyers) (?:with|of|who share) (?:a |the )?(?:similar|same|your"
    r"|shared) (?:background|culture|heritage|values|roots|upbringing)\b|\bfuera de lugar\b|\b(?:no )?encajari\w*\b"
    r"|\bgente como (?:usted|ustedes|ud|uds|nosotros|ellos)\b"
    r"|\b(?:neighbou?rhoods?|areas?|communit(?:y|ies)|streets?|blocks?|towns?|places|barrios?|it'?s|they'?re|are|is) "
    r"(?:more |a lot more |much more |just |a lot |so much )?like (?:what|where) (?:you|your family|y'all|you guys)"
    r" grew up\b"
    r"|\bcomo (?:donde|lo que) (?:usted |ustedes )?(?:crecio|crecieron)\b"
    r"|\bfamilias como (?:la suya|ustedes|la de usted)\b|\b(?:just|a lot|much|a bit|so) like (?:you|yours|your family"
    r"|your people)\b|\blike your family\b|\b(?:son|es|todos son|somos) como (?:usted|ustedes|ud|uds)\b"
    r"|\b(?:mas )?de su (?:tipo|clase)\b|\bsu tipo de gente\b"
    r"|\b(?:picky|particular|selective|choosy) about (?:who (?:moves in|lives|buys|rents)|(?:its|their|the|our)"
    r" (?:residents|neighbors|neighbours|buyers|tenants|owners))\b|\b(?:more )?parecid[oa]s? a (?:usted|ustedes|ti|su"
    r" familia)\b|\b(?:similar to|more like) (?:you|yours|your family)\b"
)
# Softer steering that needs a protected group in reach ("you'd be happier in Round Rock" + "three kids").
STEER_SOFT = _compile(
    r"\b(?:more|less|most) (?:comfortable|welcome|at home|at ease)\b|\bfeel (?:right |more |much more )?"
    r"(?:at home|comfortable|welcome|at ease|like home)\b|\b(?:be )?happier\b|\bbetter off\b|\bwould suit you\b"
    r"|\bsuit you better\b|\bbetter (?:for|suited to) you\b|\b(?:isn'?t|not|wouldn'?t be) (?:really |probably )?"
    r"(?:right |a good fit |a good match |ideal )?for you\b|\bmight (?:like|prefer)\b|\bmay (?:like|prefer)\b"
    r"|\bprobably (?:want|prefer)\b|\bwant to (?:look|avoid)\b|\bshould (?:look|avoid|stick)\b"
    r"|\b(?:you'?ll|you will|you'?d|you would) want to\b|\bfeel (?:familiar|like home)\b|\bmight be better\b"
    r"|\ble[s]? (?:sugiero|gustaria)\b|\bse (?:van|va) a sentir\b|\bsentir(?:se|an)? (?:en casa|comod\w+|a gusto)\b"
    r"|\bmay want to avoid\b|\b(?:not|n'?t) (?:be )?(?:very )?welcoming\b|\b(?:don'?t|do not) think\b(?: [\w']+){0,6}?"
    r" (?:welcoming|welcome|friendly|comfortable|happy)\b|\bwould be better\b|\ble[s]? recomiendo\b"
    r"|\bwon'?t (?:like|want)\b|\bmight not suit\b|\ba better fit\b|\bbetter fit than\b"
    r"|\b(?:wouldn'?t|would not|don'?t|do not|can'?t|cannot|couldn'?t) (?:really |honestly )?recommend\b"
    r"|\b(?:might|may|would|will|could) (?:get |be |feel )?(?:nervous|uncomfortable|uneasy|put off|turned off"
    r"|spooked|scared off)\b"
    r"|\b(?:va|van) a estar mejor\b|\bestaria mejor\b|\bmejor (?:en|busque|buscar)\b"
    r"|\bestarian? (?:mejor|mas comod\w+)\b|\btoo much for you\b"
    r"|\ble[s]? convendria\b|\bse sentiri\w*\b|\bmas a gusto\b|\ble[s]? (?:va|van) a gustar"
    r"\b|\bbuscaria en otr[oa]\b|\bmejor (?:busquemos|vea|le busco|les busco)\b|\b(?:i'?d|i would|i'?ll) (?:look"
    r"|skip|avoid|steer|point|stick|focus|pass|suggest|recommend)\b|\blet'?s (?:look|focus|start|stick)\b"
    r"|\b(?:i'?ve|i have) (?:limited|focused|filtered|removed|narrowed)\b|\bi (?:usually )?point\b|\bstart your"
    r" search\b|\blet me show you\b|\bmore like home\b|\bmight be easier\b|\bstand out\b|\bgood fit since\b"
)
