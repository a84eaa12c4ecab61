"""Self-standing coded constructions: phrases that turn to people without a cue before or after a group.

"changing neighborhood", "in transition", "the wrong element", "not too urban", "if you know what I
mean", "people like you", "you'd fit right in", an age limit outside housing for older persons, a
refusal of modifications (an occupancy cap is read by `occupancy`). Like the cues in `constructions`,
every pattern is bounded and anchored on a word, and compiled for folded text (`phrase_pattern`).
"""

from __future__ import annotations

from ehub.compliance.constructions import phrase_pattern as _compile

# (protected class, rule name, pattern), compiled by the rules.
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
        r"|multicultural)\b"
        # people said to be "colorful" in scare quotes: "the buyers over there are a little more 'colorful' these days"
        r"|\b(?:a (?:little|bit|lot) |much |way |kind of |kinda )?more ['\"](?:colorful|colourful|ethnic|urban)['\"]"
        r"|\bintegrated\W+(?:never|no way|not here|heck no|no)\b"
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
        # (scare quotes change nothing: "'urban' renters")
        r"\b(?:too|not too|less|more|so) ['\"]?urban\b|\burban['\"]? (?:crowd|element|types?|people|folks"
        r"|youth|families|problems?|culture|renters|tenants|buyers|residents|neighbou?rs|population|kids)\b"
        r"|\binner city (?:crowd|element|types?|people|folks|kids|families|problems?|culture|feel|renters|tenants"
        r"|buyers|residents|neighbou?rs|population)\b",
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
        r" (?:attend|go to|belong to|are members)\b|\bchurch is a big part of your life\b"
        # welcome only to a congregation's members: "run by the church, so unless you're a member you won't feel
        # welcome", "a menos que sea miembro de la iglesia"
        r"|\b(?:church|parish|congregation|iglesia|parroquia|congregacion)\b[^.;!?]{0,60}?"
        r"\b(?:unless (?:you'?re|you are|they'?re|they are) (?:a )?members?|a menos que (?:sea|sean|seas) miembros?)\b"
        r"|\b(?:unless (?:you'?re|you are|they'?re|they are) (?:a )?members?|a menos que (?:sea|sean|seas) miembros?)"
        r" (?:of|de) (?:the |that |their |a |la |una |su )?"
        r"(?:church|parish|congregation|iglesia|parroquia|congregacion)\b",
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
    (
        # an area counted by its houses of worship, then steered away from: "lots of mosques there, look
        # elsewhere" (the places alone are landmarks: "lots of churches nearby, parking is tight on Sunday")
        "religion",
        "coded-worship",
        r"\b(?:a lot of|lots of|so many|too many|full of|plenty of|tons of|bunch of|muchas|tantas|llen[oa] de)"
        r"(?: \w+)? (?:mosques|churches|synagogues|temples|mezquitas|iglesias|sinagogas|templos)\b[^.;!?]{0,60}?"
        r"\b(?:look(?:ing)? elsewhere|avoid|steer clear|stay away|skip it|pass on it|somewhere else|otro lado"
        r"|otra parte|otra zona|evit\w+)",
    ),
    (
        # neighbours counted by their religious dress: "lots of turbans, just so you know", "muchas mujeres con velo"
        "religion",
        "coded-dress",
        r"\b(?:a lot of|lots of|so many|too many|full of|plenty of|tons of|bunch of|mostly|muchos|muchas|tantos|tantas"
        r"|llen[oa] de|puros?|puras?)(?: \w+)?(?: (?:women|men|people|mujeres|hombres|gente) (?:in|with|wearing|con))?"
        r" (?:turbans?|hijabs?|headscarf|headscarves|head scarves|burqas?|burkas?|niqabs?|yarmulkes?|kippahs?"
        r"|turbantes?|velos?|hiyabs?)\b",
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
    # the "right" neighbours, left unsaid: "good schools and the right neighbors", "los vecinos adecuados"
    r"|\bthe (?:right|wrong) (?:kind of |sort of )?neighbou?rs\b|\blos vecinos (?:adecuados|correctos|indicados)\b"
    r"|\b(?:la )?gente (?:adecuada|correcta|indicada)\b"
    r"|\b(?:people|folks|families|neighbou?rs|others|buyers) (?:with|of|who share) (?:a |the )?(?:similar|same|your"
    r"|shared) (?:background|culture|heritage|values|roots|upbringing)\b|\bfuera de lugar\b|\b(?:no )?encajari\w*\b"
    r"|\bgente como (?:usted|ustedes|ud|uds|nosotros|ellos)\b|\bcon los suyos\b|\bwith (?:his|her|their) own\b"
    # a look wanted of people, left unsaid: "the HOA likes residents who look a certain way"
    r"|\b(?:people|residents|tenants|buyers|neighbou?rs|folks|families|someone|somebody|anyone|renters|owners|gente"
    r"|personas|inquilinos|vecinos) (?:who|that|que)(?: se)? (?:looks?|vean?|ven) (?:a |de )?(?:certain|particular"
    r"|specific|cierta|cierto) (?:way|manera|modo|forma)\b"
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
    r"|\b(?:more )?natural fit\b|\ble[s]? (?:conviene|convenga|convengan)\b"
    r"|\ble[s]? (?:va|van) a convenir\b|\bbusque (?:en )?otr[oa] (?:lado|parte|zona|area)\b"
    r"|\b(?:look|looking|search|try) (?:somewhere else|elsewhere)\b"
)
