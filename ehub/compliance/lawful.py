"""What lawful copy looks like, so the guard leaves it alone (HUD's 1995 advertising memo, 24 CFR 100.75).

Three kinds of knowledge, all read on folded text (lower case, no accents, hyphens as spaces):

- **Masks**: phrases that contain a group word but describe the property, a place or a service:
  "master bedroom", "family room", "walk-in closet", "mother-in-law suite", "his-and-hers
  closets", "man door", "men's and women's locker rooms", "Section 8 accepted", "Equal Housing
  Opportunity", a named institution ("Jewish Community Center", "Texas School for the Blind"),
  "two persons per bedroom" (an occupancy standard). They are blanked out before any rule runs.
- **Contexts** that make a whole text lawful for one class: housing for older persons under HOPA
  (55+ with the 80 % rule, 62+) for age limits; shared living (a roommate sharing the kitchen
  or bath in the lister's own unit) for a stated sex.
- **Refusals**: sentences in which the writer declines to characterise people or areas ("I can't
  tell you who lives there", "regardless of race", "no puedo decirle qué tipo de gente vive ahí").
  Group words inside them are the subject of a refusal, not a preference.

Every pattern is a bounded phrase anchored on a word, so each runs in linear time.
"""

from __future__ import annotations

from ehub.compliance.constructions import phrase_pattern

_MASKS = (
    r"master (?:bed ?rooms?|suites?|baths?|bathrooms?|closets?|retreats?|wing|planned|plan)",
    r"master (?:craftsman|woodworker|builder|carpenter|gardener)",
    r"master[ -]planned",
    r"(?:family|great|bonus|media|game|play|living|dining|guest|sun|mud|flex) rooms?",
    r"sala familiar",
    r"family (?:owned|run|operated|business|brokerage|home|homes|residence|dwelling)s?",
    r"(?:single|multi|two|one) family",
    r"walk in (?:closets?|showers?|pantry|pantries|tubs?|wardrobes?|attic)",
    r"(?:floor|story|storey) walk ups?",
    r"walk (?:out|score)|walkable",
    r"walking (?:distance|trails?|paths?|tour)",
    r"(?:mother|father|mother's|daughter) in law(?:'s)? (?:suite|plan|quarters|unit|apartment)?",
    r"in law (?:suite|plan|quarters|unit|apartment)",
    r"granny (?:flat|suite|pod)",
    r"nanny (?:suite|quarters)",
    r"his (?:and|&|n) hers?",
    r"hers? (?:and|&|n) his",
    r"(?:men|women|ladies|boys|girls|mens|womens)'?s? (?:and|&) (?:men|women|ladies|boys|girls|mens|womens)'?s?",
    r"(?:men|women|ladies|boys|girls)'?s? (?:locker|rest|bath|changing|dressing|powder) ?rooms?",
    r"man (?:door|cave)s?",
    r"she shed",
    r"gentleman'?s? (?:ranch|farm|farmer|estate)",
    r"bachelor'?s? (?:degree|of)",
    r"jack and jill",
    r"(?:jewish|islamic|hindu|muslim|asian american|mexican american|african american|catholic|christian)"
    r" (?:community |cultural |resource |student )?(?:center|centre|charities|museum|school|church|temple)s?",
    r"community (?:center|centre|college|garden|pool|room|church)s?",
    r"centro cultural \w+",
    r"school for the (?:blind|deaf)(?: and visually impaired)?",
    r"(?:texas|american) school for the \w+",
    r"children'?s (?:hospital|medical center|museum|pool|room|activity room|play ?area)",
    r"(?<!gente de )(?:section|seccion) (?:8|ocho)(?! (?:crowd|people|folks|types?|element|tenants? need))"
    r"|housing (?:choice )?vouchers?|vales de vivienda",
    r"equal housing(?: opportunity)?(?: provider)?|fair housing (?:act|law|laws|rules)",
    r"(?:two|2|dos) (?:persons|people|personas|occupants) (?:per|por) (?:bed ?room|recamara)",
    r"(?<!one person )(?<!1 person )(?<!una persona )(?<!one occupant )(?:per|por) (?:bed ?room|recamara)",
    r"st\.? \w+'s",
    r"(?:black|white|red|blue|green|brown) (?:walnut|oak|ash|granite|marble|quartz|stone|brick|trim|tile|cabinets?)",
    r"(?:blackland|white settlement|black mountain|white rock|blackjack|chinatown|mormon mill)",
    r"(?:french|dutch|english|spanish|italian|german|mexican|persian|moroccan|japanese|chinese|swedish|"
    r"scandinavian|santa fe|mediterranean|tudor) (?:style|doors?|country|provincial|colonial|revival|garden|"
    r"tile|tiles|rug|marble|oak|pistache|elm|soaking tub|door)",
    r"(?:colonial|estilo) (?:espanol|mediterraneo|mexicano)",
    r"puertas francesas|herreria mexicana",
    r"(?:service|assistance|support) animals? (?:are |is )?(?:welcome|allowed|accepted|permitted|always welcome)",
    r"(?:except|excepto|other than|aside from)(?: for)? (?:service|assistance|support|animales de) ?\w* ?\w*",
    r"(?<!no )reasonable (?:accommodations?|modifications?)(?: and (?:accommodations?|modifications?))?"
    r"(?! (?:requests? )?(?:will|are|is|cannot|can'?t|won'?t) (?:not|never))",
    r"hearing loop|visual doorbell|strobe (?:smoke )?alarms?|flashing light doorbell",
    r"(?:accessible|ada|handicap|handicapped|wheelchair) (?:accessible|compliant|parking|entrance|entry|ramp|lift|"
    r"pool lift|bathroom|bath|unit|shower|features?|spaces?)",
    r"couple of",
    r"adult (?:supervision|swim|lap|size|sized|supervised)",  # a facility's safety rule or size, not an occupant
    r"(?:with|con) (?:or|o) (?:without|sin)",  # "with or without kids" excludes no one
    r"(?:be )?able to walk (?:there|to|over|home|everywhere|around the (?:corner|block))",  # walkability, not ability
    r"(?:all|every|each|any) adults?(?: (?:applicants?|occupants?|residents?|members?|tenants?|on the lease))?"
    r"|(?:todos los|cada) adultos?",  # a rule for every adult applies to all, not to a household type
    r"(?:black|white) (?:out|board|friday|history|box)",
    r"feliz navidad|merry christmas|happy (?:holidays|hanukkah|diwali|easter|passover|eid|lunar new year)",
)
MASK = phrase_pattern(r"\b(?:" + "|".join(_MASKS) + r")\b")

# Housing for older persons (HOPA): age limits and "adults" are lawful in such a text.
HOPA = phrase_pattern(
    r"\b(?:55|62)\s?(?:\+|plus\b|and (?:over|older|up)|or (?:older|over|more)|y mas|o mas|anos (?:o|y) mas)"
    r"|\b(?:over|mayores de|at least|older than) (?:55|62)\b|\b(?:55|62) (?:y|o) mas\b"
    r"|\bhousing for older persons|\bsenior (?:housing|living|community|communities|apartments|residents|center)"
    r"|\bactive adult|\b(?<!not an )(?<!not )age restricted|\bhopa\b|\b80 ?(?:%|percent|/20)"
)
# Housing for older persons said not to be what a text is: "(not a 55+ community)", "no es para mayores de 55".
NOT_HOPA = phrase_pattern(
    r"\b(?:not|isn'?t|is not|no es|no somos)(?: an?| una?)?(?: (?:comunidad|community) (?:para|de|for))?"
    r" (?:(?:55|62)\s?(?:\+|plus\b|and (?:over|older|up)|y mas|o mas)|(?:mayores de|over) (?:55|62)\b"
    r"|senior (?:housing|living|community)|active adult|housing for older persons)"
)

# Shared living: a sex preference in a roommate ad for the lister's own unit is lawful (HUD).
SHARED = phrase_pattern(
    r"\b(?:share|shared|sharing|shares|compartir|compartid[oa]s?|se comparte|roommates? wanted|housemates? wanted"
    r"|compan(?:er)?[oa]s? de cuarto|spare (?:bed)?room in (?:my|our)|room (?:for rent )?in (?:my|our) "
    r"(?:home|house|apartment|condo)|cuarto en mi casa)\b"
)
SEPARATE = phrase_pattern(
    r"\b(?:separate|detached|whole (?:unit|house|home)|entire (?:unit|house|home)|private entrance|own entrance"
    r"|garage apartment|casita|guest house|back house|independiente|departamento completo|whole house rental)\b"
)

# Sentences that decline to describe people or steer, or state equal opportunity.
REFUSAL = phrase_pattern(
    r"\b(?:i|we)(?: really)? (?:can'?t|cannot|can not|don'?t|do not|won'?t|will not|am not able to|'m not able to|m not"
    r" able to|am unable to|'m unable to|'d rather not|would rather not|never|am not going to)"
    r"(?: \w+){0,2}? (?:tell|say|speak|comment|describe|characteri[sz]e|share|discuss|answer|rate|recommend|point|"
    r"steer|guess|judge|predict|give|provide|filter|help|pick|know|sort|talk|rank|label|classify|call|have"
    r" (?:data|information|info|any (?:data|information)))\b"
    r"|\b(?:not something (?:i|we) can|isn'?t something (?:i|we) can|not able to (?:say|tell|describe|comment)"
    r"|fair housing (?:rules|law|laws|guidelines|regulations)(?: \w+){0,3}? (?:keep|keeps|prevent|prevents|prohibit|"
    r"prohibits|don'?t let|doesn'?t let|don'?t allow|won'?t let|bar)|regardless of|without regard to|irrespective of"
    r"|(?:do|does) not discriminate|don'?t discriminate|doesn'?t discriminate|no discriminamos|sin importar"
    r"|no (?:le |les )?(?:puedo|podemos)(?: \w+){0,2}? (?:decir|hablar|comentar|describir|recomendar|opinar|dar)"
    r"|no me (?:permiten|permite)|leyes de vivienda justa|reglas de vivienda justa"
    r"|(?:(?:do|does|will|shall|did) not|don'?t|doesn'?t|won'?t|never) (?:exclude|discriminate|target|screen"
    r"|filter|deny|select|choose|pick)\w*(?: [\w']+){0,3}? (?:by|based on|because of|on the basis of|on account of)\b"
    r"|(?:(?:do|does|will|shall|did) not|don'?t|doesn'?t"
    r"|won'?t|never) (?:ask|inquire|check|verify)\w*(?: \w+)? (?:about|for|into|whether|on)\b"
    r"|sin excluir|no (?:excluimos|preguntamos"
    r"|pedimos|revisamos|verificamos|se pregunta|se pide|se revisa)"
    r"|open to (?:all|everyone|every buyer|any buyer)|all (?:qualified )?(?:buyers|applicants|renters) (?:are )?welcome"
    r"|everyone (?:is )?welcome|families of all kinds|people of all backgrounds|of all faiths)"
)

# Sentences that offer what the law asks for: an accommodation, an assistance animal without pet fees, every
# lawful income or ID, language help, one screening standard for all applicants. The model does not score them
# (it learnt disability and document words from the exclusions of them); the rules still read them for an
# exclusion.
OFFER = phrase_pattern(
    r"\b(?:may|can|free to|welcome to|right to) (?:request|ask for|ask)\b[^.;!?]{0,60}?\b(?:accommodations?"
    r"|modifications?|ramps?|parking|interpreters?|large print|braille|transfer|change)"
    r"|\b(?:service|assistance|support|guide|therapy) (?:animals?|dogs?)\b[^.;!?]{0,60}?\b(?:welcome|allowed"
    r"|accepted|exempt|(?:are|is) not (?:pets|charged|subject)|not considered pets|no (?:pet )?(?:fees?|deposits?"
    r"|rent)|alike|se aceptan|no son mascotas)"
    r"|\b(?:exempt from|no) pet (?:rent|fees?|deposits?)"
    r"|\b(?:accept|accepts|accepted|aceptamos|se aceptan?|count|counts|including|incluid[oa]s?|any)\b[^.;!?]{0,60}?"
    r"\b(?:ssi|ssdi|itin|social security|seguro social|discapacidad|disability|vouchers?|consular|matricula"
    r"|passports?|pasaportes?|any country|cualquier pais|lawful source|fuente legal)"
    r"|\b(?:interpreters?|translat\w+|large print|braille|interpretes?)\b[^.;!?]{0,40}?\b(?:available|provided|at no"
    r" cost|free|disponibles?|gratis)"
    r"|\bavailable in (?:english|spanish|vietnamese|arabic|chinese|korean|both)|\bse habla\b|\bhablamos\b"
    r"|\b(?:if you|anyone who|residents who|tenants who) (?:have|has|need|needs) (?:a disability|help|assistance"
    r"|an accommodation)"
    # an accommodation granted: "reasonable accommodations will be considered", "se otorgan ajustes razonables"
    r"|\breasonable (?:accommodations?|modifications?) (?:will be|are|is|can be|may be) (?:considered|provided|made"
    r"|granted|honou?red|available|reviewed)"
    r"|\b(?:consider|provide|make|grant|honou?r|review)s? (?:all |any )?reasonable (?:accommodations?|modifications?)"
    r"|\b(?:ajustes|adaptaciones|acomodos|modificaciones) razonables\b"
    r"|\b(?:animales|perros) de (?:asistencia|servicio|apoyo)\b[^.;!?]{0,60}?\b(?:no son mascotas|se aceptan"
    r"|bienvenidos|permitidos|no pagan)"
    r"|\b(?:except|excepto|other than|aside from|but)(?: for)? (?:service|assistance|support|guide) (?:animals?|dogs?)"
    r"|\b(?:wheelchairs?|walkers?|scooters?|mobility (?:scooters?|devices?)|service (?:animals?|dogs?)|assistance"
    r" animals?|oxygen(?: tanks?)?) (?:are |is )?(?:may|can) be (?:used|charged|kept|brought|parked|stored)"
    r"|\b(?:ssn|social security number|itin)\W+(?:or|o)\W+(?:an? )?(?:ssn|itin|social security)"
    r"|\b(?:don'?t|do not|doesn'?t|does not|won'?t|no) (?:need|have|require)\w* (?:to be |to have |an? )?(?:a )?(?:u s"
    r" |us )?(?:citizen|citizenship|ssn|social security|green card|papers)|\bno necesita(?:s|n)? ser ciudadan"
    r"|\blawful\W+(?:and \w+ )?source|\bverifiable (?:lawful )?(?:source|income)"
    r"|\b(?:census bureau|census gov|oficina del censo|open data|data portal|crime (?:map|data|statistics))\b"
    r"|\bpublish(?:es)? (?:\w+ ){0,3}?(?:statistics|data)\b|\bpublica (?:\w+ ){0,3}?(?:estadisticas|datos)\b"
    # one screening standard for every applicant: "3x the rent, applied equally to all"
    r"|\b(?:applied|apply|applies|enforced|used) (?:equally|uniformly|consistently|the same way) (?:to|for) (?:all"
    r"|every|each|everyone|any)\b|\bsame (?:criteria|standards?|requirements?|screening|rules?) (?:for|to) (?:all"
    r"|every|each|everyone)\b|\b(?:criteria|standards?|requirements?|rules?|polic(?:y|ies)) (?:is |are )?(?:the same"
    r" )?(?:for|to) (?:all|every|each|everyone)(?: (?:residents?|tenants?|applicants?|owners?))?\b"
    r"|\b(?:por igual|de la misma manera|los mismos requisitos|el mismo criterio|las mismas reglas) (?:para|a)"
    r" (?:todos|todas|cada)\b"
)

# Statements about the writer's own household ("we have no kids") or about the selling party ("the
# sellers are a retired couple"): describing who sells is not stating who may buy.
SELF = phrase_pattern(
    r"\b(?:we|i)(?:'re|'m| are| am| have| 've| just| got| need| want| are looking| use| uses)\b"
    r"|\b(?:my|our) (?:\w+ )?(?:wife|husband|son|daughter|kids|children|family|mom|dad|mother|father|parents|baby"
    r"|partner|brother|sister)\b"
    r"|\bsomos\b|\btenemos\b|\bmi (?:mama|papa|esposa?|hij[oa]|familia)\b"
    r"|\b(?:the|our|my) (?:sellers?|owners?|landlords?|listing agent|builders?)(?:,| is| are| was| were) (?:an? )?"
    r"|\b(?:el|la|los) (?:vendedor(?:es)?|duenos?|duena) (?:es|son) "
)
