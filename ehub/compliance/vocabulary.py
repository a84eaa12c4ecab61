"""Who the Fair Housing Act protects, in the words ads and conversations use (English and Spanish).

Each protected class has a vocabulary of *group terms*: the words that name people by race, color,
religion, sex (with sexual orientation and gender identity, as HUD reads it after Bostock),
national origin (nationality, ethnicity, citizenship, immigration status, language and accent),
familial status (children, pregnancy, household make-up) or disability (conditions, aids,
assistance animals, and the traits an ad may demand instead: "able-bodied", "ambulatory").

Terms are written folded (lower case, no accents, hyphens as spaces), the way `rules` reads text,
and each has a *kind* that says which constructions it takes part in:

- `people`: names people on its own ("mexicans", "empty nesters", "wheelchair users");
- `modifier`: names people only before a people or place head ("white" in "white buyers" and
  "white neighborhood", never in "white oak"); `rules` attaches the head;
- `trait`: a quality a limitation can demand or a steer can invoke ("able bodied", "light
  skinned", "born here", "your complexion");
- `aid`: a disability accommodation (service animals, wheelchairs, ramps): excluding one is
  unlawful, welcoming one is what the law asks for.

`lexicon` adds the nationalities and languages and generates plurals and Spanish gender and number
forms, so a construction applied to the vocabulary covers "Korean", "Koreans", "coreano" and
"coreanas" alike.
"""

from __future__ import annotations

PEOPLE, MODIFIER, TRAIT, AID = "people", "modifier", "trait", "aid"


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text`: how the word sets here are written."""
    return frozenset(text.split())


RACE, COLOR, RELIGION, SEX = "race", "color", "religion", "sex"
NATIONAL_ORIGIN, FAMILIAL, DISABILITY = "national_origin", "familial_status", "disability"
CLASSES = (RACE, COLOR, RELIGION, SEX, NATIONAL_ORIGIN, FAMILIAL, DISABILITY)

# Words that turn a modifier into people ("Asian buyers") ...
PEOPLE_HEADS = words(
    """people person persons folks folk family families household households buyer buyers purchaser purchasers
    tenant tenants renter renters applicant applicants resident residents occupant occupants neighbor neighbors
    neighbour neighbours owner owners homeowner homeowners client clients couple couples man men woman women
    guy guys gal gals kid kids child children student students professional professionals individual individuals
    crowd population clientele roommate roommates lessee lessees offer offers expats believers congregation citizen
    son sons daughter daughters mother father mom dad brother sister partner hijo hija esposo esposa
    citizens texans americans name names surname surnames users faith descent heritage ancestry extraction origin
    gente persona personas familia familias inquilino inquilinos inquilina inquilinas comprador compradores
    compradora compradoras vecino vecinos vecina vecinas residentes pareja parejas hombre hombres mujer mujeres
    ninos nino hijos clientes"""
)
# ... and words that make it a description of an area by its people ("Hispanic neighborhood").
PLACE_HEADS = words(
    """neighborhood neighborhoods neighbourhood neighbourhoods area areas community communities street streets
    block blocks enclave enclaves subdivision subdivisions building buildings complex town suburb suburbs
    pocket zip zips zone zones barrio barrios vecindario vecindarios colonia colonias zona zonas calle calles
    edificio comunidad comunidades cuadra fraccionamiento presence part"""
)

# (class, kind, comma-separated terms). A space stands for any run of spaces or hyphens in the text.
TERMS: tuple[tuple[str, str, str], ...] = (
    (
        RACE,
        MODIFIER,
        """white, black, caucasian, african american, afro american, asian american, indigenous, pacific islander,
        biracial, multiracial, mixed race, interracial, non white, nonwhite, minority, brown, blanco, blanca,
        blancos, blancas, negro, moreno, afroamericano, oriental, ethnic, poc, bipoc, colored""",
    ),
    (
        RACE,
        PEOPLE,
        """undesirables, undesirable people, undesirable types, undesirable element, outsiders, section 8 crowd,
        section 8 people, section 8 folks, section 8 types, section 8 element, gente de seccion 8, hood rats, ghetto
        people, ghetto crowd, ghetto types, urban types, thugs, whites, blacks, caucasians, minorities, people of
        color, persons of color, person of color, families of color, buyers of color, folks of color, of african
        descent, african americans, asians, hispanics, latinos, latinas, of european descent, of asian descent, of
        mexican descent, of white descent, of anglo descent, of hispanic descent, european ancestry, european
        heritage, lighter side, darker side, mixed couples, interracial couples, racial minorities, gente blanca,
        personas blancas, raza blanca, gente negra, personas negras, negros, negras, afroamericanos, afroamericanas,
        anglosajones, morenos, morenas, blanquitos, element, riff raff, those people, those buyers, that crowd, the
        projects, orientals, people of colour, black folks, white folks, brown people, black people, white people,
        ethnic minorities, minority groups, mixed families, biracial couples, anglos, indigenous people, native
        americans, negritos, morenitos, gente de su raza, de su misma raza, de otra raza, raza negra, raza blanca""",
    ),
    (
        RACE,
        TRAIT,
        """race, racial, racially, ethnicity, ethnicities, ethnically, homogeneous, your race, same race,
        race wise, segregated,
        your background, their background, share your background, raza, mezcla de razas, la misma raza, your
        heritage, your ancestry, your ethnicity, su ascendencia, su etnia""",
    ),
    (
        COLOR,
        TRAIT,
        """light complected, lighter complected, fair complected, dark complected, darker complected, darker
        complexions, lighter skin tone, lighter skin tones, darker skin tone, high yellow, redbone, redbones, fairer
        side, the fairer side, color claro, de color claro, lighter tenant, lighter tenants, lighter applicants,
        lighter family, lighter families, light skinned, lighter skinned, fair skinned, pale skinned, dark skinned,
        darker skinned, brown skinned, olive skinned, black skinned, light complexioned, fair complexioned, dark
        complexioned, light complexion, lighter complexion, lighter complexions, light complexions, fair complexion,
        dark complexion, darker complexion, dark complexions, skin tone, skin tones, skin color, skin colour,
        complexion, lighter skin, light skin, fair skin, dark skin, darker skin, your skin, too dark, too brown,
        light enough, pale folks, pale, darker family, darker families, darker one, darker ones, darker, de piel
        clara, de piel oscura, de piel morena, piel blanca, piel oscura, piel clara, tez blanca, tez morena, tez
        clara, color de piel, gente de color, personas de color, de color, gueros, gueras, gueritos, gueritas, guero,
        guera, gente morena, blancas de piel, dark people, light people, darker people, lighter people, dark folks,
        light skin tones, anybody dark, anyone dark, somebody dark, someone dark, nobody dark, anybody darker,
        anyone darker, anybody too dark, prietos, prietas, prieto, prieta, prietito, prietita, prietitos, morenita,
        morenito, gente prieta, gente prietita, tono de piel, tonos de piel""",
    ),
    (
        RELIGION,
        MODIFIER,
        """christian, catholic, jewish, muslim, moslem, islamic, hindu, sikh, buddhist, mormon, lds, baptist,
        methodist, lutheran, presbyterian, episcopalian, pentecostal, evangelical, protestant, orthodox,
        adventist, seventh day adventist, quaker, mennonite, amish, messianic, observant, devout, religious,
        secular, atheist, agnostic, believing, churchgoing, church going, god fearing, bible believing, born
        again, non christian, nonchristian, xtian, xian, xians, bible, bible study, hasidic, haredi, jain,
        wiccan, pagan, satanist, unitarian, non denominational, coptic, greek orthodox, russian orthodox, shia,
        shiite, sunni, ismaili, bahai, baha'i, zoroastrian, rastafarian, druze, god centered, christ centered,
        faith filled, spirit filled, unchurched, nonreligious, non religious, irreligious, practicing, kosher
        keeping, budistas, hindues, paganos, cristiano, cristiana, catolico, catolica, judio, judia, musulman,
        musulmana, evangelico, evangelica, mormon, ateo, creyente, budista""",
    ),
    (
        RELIGION,
        PEOPLE,
        """his congregation, her congregation, the congregation, their congregation, his church, her church, same
        church, same congregation, misma iglesia, su congregacion, christian morals, christian principles, biblical
        values, godly, lord's day, godly tenants, godly family, church family, church families, faith family, temple
        goers, mosque goers, members of his congregation, members of her congregation, members of their
        congregation, member of a local congregation, temerosos de dios, temerosas de dios, temeroso de dios,
        temerosa de dios, vegetarian hindu, christians, catholics, jews, muslims, moslems, hindus, sikhs, buddhists,
        mormons, baptists, methodists, lutherans, presbyterians, episcopalians, pentecostals, evangelicals,
        protestants, adventists, seventh day adventists, quakers, mennonites, atheists, agnostics, believers, non
        believers, nonbelievers, non christians, churchgoers, church goers, church members, members of a local
        parish, jehovah's witnesses, latter day saints, family of faith, families of faith, people of faith, person
        of faith, fellow believers, like minded, own faith, their faith, our faith, your faith, same faith,
        traditional faith, christian values, faith values, faith based, religious makeup, share our faith, share
        their faith, shares their faith, shares our faith, church going neighbors, cristianos, cristianas,
        catolicos, catolicas, judios, judias, musulmanes, musulmanas, evangelicos, evangelicas, mormones, ateos,
        creyentes, testigos de jehova, nuestra fe, su fe, misma fe, hermanos de la iglesia, hermanos de su iglesia,
        hasidim, orthodox jews, jains, wiccans, pagans, satanists, scientologists, unitarians, copts, shiites,
        sunnis, zoroastrians, rastafarians, hare krishnas, heathens, infidels, church people, church folk, religious
        people, congregants, parishioners, members of our church, practicing catholics, gente de fe, hermanos en
        cristo, judios ortodoxos, no creyentes, de otra religion, de otra fe, practicantes""",
    ),
    (
        RELIGION,
        TRAIT,
        """judeo christian values, judeo christian, keeps the sabbath, keep the sabbath, observe the sabbath,
        observes the sabbath, goes to mass, go to mass, attend mass, attends mass, va a misa, van a misa, asista a
        la iglesia, asistan a la iglesia, vaya a la iglesia, church you go to, which church, carta del pastor,
        recomendacion del pastor, referencia del pastor, pastor's letter, pastor's recommendation, religion, your
        religion, attend church, attends church, attend one, go to church, church refs, church references, pastor's
        reference, pastor's references, house of prayer, christianity, islam, judaism, hinduism, buddhism, religion
        of, religious, religiosos, attend sunday service, attend sunday services, attend services, attend worship,
        attend bible study, attend the bible study, attend the community bible study, attend a bible study, letter
        from your pastor, reference letter from your pastor, letter from a pastor, church membership, member of a
        church, miembro activo de una iglesia, miembro de una iglesia, miembros de una iglesia, miembro activo de la
        iglesia""",
    ),
    (
        SEX,
        MODIFIER,
        """female, male, straight, gay, lesbian, transgender, trans, nonbinary, non binary, queer, lgbt,
        lgbtq, lgbtq+, lgbtqia, lgbtqia+, glbt, same sex, heterosexual, homosexual, bisexual, unmarried""",
    ),
    (
        SEX,
        PEOPLE,
        """dudes, dude, bros, fellas, gents, lads, chaps, sorority girls, sorority girl, sorority type, sorority
        types, frat guys, frat boys, two dads, two moms, two mothers, two fathers, dos papas, dos mamas, boyfriends,
        boyfriend, girlfriends, girlfriend, male guests, female guests, male visitors, female visitors, male
        overnight guests, female overnight guests, guests of the opposite sex, visitas femeninas, visitas
        masculinas, visitas de hombres, visitas de mujeres, trans folks, trans individuals, transgender individuals,
        personas transgenero, inquilinas solteras, inquilina soltera, mujeres solteras, mujer soltera, women, woman,
        men, man, ladies, lady, gentlemen, gentleman, guys, guy, gals, gal, girls, girl, females, males, bachelor,
        bachelors, bachelorette, bachelorettes, husband, husbands, wife, wives, single moms, single mom, single
        mothers, single mother, single dads, single dad, single fathers, single women, single men, single woman,
        single man, single lady, single gentleman, single guy, single gal, single female, single male, working
        woman, working women, working man, working men, career woman, career women, working guys, gays, lesbians,
        transgender people, trans people, trans women, trans men, homosexuals, husband and wife, husband and wife
        household, same sex couples, gay couple, gay couples, lesbian couple, lesbian couples, straight couples, two
        women, two men, f, m, mujeres, mujer, hombres, hombre, senoritas, senorita, senora, senoras, dama, damas,
        caballero, caballeros, varon, varones, chicas, muchachas, parejas del mismo sexo, parejas gay, gays,
        lesbianas, mujeres trans, personas trans, transexuales, mujeres solas, mujer sola, hombre soltero, hombres
        solteros, senora sola, dama sola, caballero solo, inquilinas mujeres, that lifestyle, woman alone, women
        alone, woman living alone, women living alone, man alone, working girl, working girls, single gals, single
        ladies, gay men, gay women, male couple, male couples, female couple, female couples, same sex partners,
        parejas de hombres, parejas de mujeres, mujer que vive sola, una mujer sola""",
    ),
    (
        SEX,
        TRAIT,
        """gender identity, sex assigned at birth, biological sex, assigned sex, feminine touch, sexual orientation""",
    ),
    (
        NATIONAL_ORIGIN,
        MODIFIER,
        """itin, chain migration, out of country, overseas, del otro lado, foreign, immigrant, undocumented,
        illegal, domestic, native born, us born, u s born, american born, foreign born, foreign sounding, english
        speaking, non english speaking, spanish speaking, esl, all american, native english""",
    ),
    (
        NATIONAL_ORIGIN,
        PEOPLE,
        """real texans, true texans, real american, true american, real american family, real american families,
        born and raised americans, texanos de verdad, gente de aqui, real americans, true americans, americanos de
        verdad, native texans, born and raised texans, local texans, local texan, gente de aqui, los que acaban de
        cruzar, que acaban de cruzar, recien cruzados, recien llegada, recien llegadas, recien llegado, gente recien
        llegada, off the boat, fresh off the boat, just got off the boat, newcomers from overseas, h 1b people, h1b
        people, h 1b holders, h 1b workers, itin holders, itin folks, temporary residents, residentes temporales,
        good ol boys, good ol' boys, immigrants, foreigners, foreign nationals, foreign national, foreign buyers,
        non citizens, noncitizens, illegals, illegal aliens, aliens, refugees, expats, expatriates, undocumented
        people, middle easterners, easterners, english speakers, native english speakers, native speakers, non
        english speakers, spanish speakers, russian speakers, chinese speakers, speakers of english, esl kids, esl
        students, visa holders, green card holders, anyone undocumented, extranjeros, extranjeras, inmigrantes,
        indocumentados, indocumentadas, ciudadanos americanos, personas sin papeles, gente sin papeles, personas con
        papeles, recien llegados, americans, gringos, legal residents, legal resident, daca recipients, dreamers,
        asylum seekers, asylees, migrants, migrant workers, recent immigrants, h1b holders, non native speakers,
        english language learners, ell students, foreign students""",
    ),
    (
        NATIONAL_ORIGIN,
        TRAIT,
        """nacido aqui, nacida aqui, nacidos aqui, nacidas aqui, nacida en estados unidos, nacido en estados unidos,
        in the u s for, in the us for, in the united states for, in this country for, en estados unidos por,
        unaccented english, unaccented, without an accent, w o accent, w o an accent, english first, us passport, u
        s passport, american passport, us passports, u s passports, pasaporte americano, pasaporte estadounidense,
        social security card, social security number, social security numbers, ssn, numero de seguro social, tarjeta
        de seguro social, acta de nacimiento, actas de nacimiento, acta de nacimiento de estados unidos, estatus
        migratorio, status migratorio, situacion migratoria, calidad migratoria, immigration papers, papeles en
        regla, from overseas, from abroad, from around here, born and raised, natural born, lawful immigration
        status, papeles, citizenship, citizen, citizens, us citizen, u s citizen, us citizens, u s citizens, proof
        of citizenship, legal status, immigration status, papers, green card, visa, accent, accents, heavy accents,
        english only, speak english, speaks english, speak fluent english, fluent english, first language, native
        language, national origin, nationality, where people are from, born in the united states, born in the us,
        born in the u s, born here, born in the states, from mexico, from india, from china, from vietnam, from
        nigeria, from the middle east, from another country, not from here, con papeles, sin papeles, hablen ingles,
        hablar ingles, hablan ingles, habla ingles, sin acento, acento, nacidos en estados unidos, nacidas en
        estados unidos, ciudadania, ciudadanos, de centroamerica, de mexico, speak english at home, spanish
        language, fluent in english, english fluency, english proficiency, english as a first language, english as
        their first language, perfect english, good english, broken english, limited english, accented english,
        daca, ciudadano, ciudadana, legal residency, work visa, main language, first language at home, born in this
        country, born in the usa, born in usa, born in the u s a, born in texas, born in america, born here, born
        abroad, foreign born, birth certificate, us birth certificate, u s birth certificate, no tengan papeles, no
        tienen papeles, tengan papeles, sin documentos, no tengan documentos, your origin, your origins, su origen,
        sus origenes, su procedencia""",
    ),
    (
        FAMILIAL,
        PEOPLE,
        """chamacos, chiquillos, escuincles, huercos, plebes, morritos, criaturas, chavitos, bebitos, kiddo, grown
        folks, grown up residents, baby mamas, baby mama, baby daddies, persona sola, personas solas, households
        without children, households without kids, household without kids, families with infants, families with
        babies, anyone under 18, residents under 18, tenants under 18, renters under 18, occupants under 18, guests
        under 18, people under 18, persons under 18, under the age of 18, under age 18, menores de 18, menores de
        edad, familias con bebes, familias grandes, familia grande, familias numerosas, familia numerosa, ninos
        chiquitos, children, kids, child, kid, minors, minor, babies, baby,
        infants, infant, toddlers, toddler, newborn, newborns, teenagers, teenager, teens, little ones, little kids,
        small children, young children, young kids, small kids, grandchildren, grandkids, families with children,
        families with kids, family with kids, family with children, family with young kids, family with small
        children, families with small children, families with young children, family with little ones, households
        with children, household with children, household without children, growing family, growing families, young
        family, young families, big family, large family, big families, large families, school age children, empty
        nesters, empty nester, retirees, retiree, retired couple, retired couples, newlyweds, newlywed, young
        couple, young couples, married couple, young married couple, professional couple, professional couples,
        mature couple, mature couples, older couple, older couples, childless couple, couples, couple, singles,
        single person, rugrats, ankle biters, youngsters, tots, preschoolers, kiddos, twins, triplets, small
        household, small households, small families, one person, single occupant, one occupant, kds, kdz, kidz,
        chldrn, school age kids, adolescents, juveniles, parents, older folks, old folks, familias jovenes, familia
        joven, single professional, single professionals, young professional, young professionals, mature adults,
        mature persons, mature person, older persons, older people, old people, elderly, elderly people, seniors,
        adults, adult, grown ups, grownups, pregnant women, pregnant tenants, expecting mothers, expectant mothers,
        anyone expecting, expecting a baby, a baby coming, baby on the way, families, family, one or two people,
        ninos, ninas, nino, nina, hijos, hijas, bebes, bebe, menores, menores de edad, adolescentes, embarazadas,
        mujeres embarazadas, familias con ninos, familia con ninos, parejas, pareja, solteros, soltero, soltera,
        solteras, recien casados, jubilados, jubilada, jubilado, matrimonio jubilado, matrimonio, pareja joven,
        parejas jovenes, adultos, una sola persona, singles haven""",
    ),
    (
        FAMILIAL,
        TRAIT,
        """pregnant, pregnancy, expecting, embarazada, embarazo, child free, kid free, childfree,
        custody""",
    ),
    (FAMILIAL, MODIFIER, "mature, elderly, retired"),
    (
        DISABILITY,
        MODIFIER,
        """wheel chair bound, h i v positive, hiv+, disabled, handicapped, deaf, blind, autistic, special needs,
        mentally ill, hearing impaired, visually impaired, wheelchair bound, psychiatric, psych, hiv positive,
        mental, crippled, paralyzed, bipolar, schizophrenic, autista, autistas, discapacitado, discapacitada, sordo,
        sorda, ciego, ciega, hard of hearing, low vision, dialysis, chemo, oxygen""",
    ),
    (
        DISABILITY,
        PEOPLE,
        """sober living house, sober living houses, rehab house, rehab houses, h i v, a i d s, alcoholism,
        addiction, addictions, drug addiction, substance abuse, substance use disorder, addiction recovery, seizure
        disorder, mental health stuff, mental health problems, problemas de nervios, health issues, health problems,
        problema de salud, problemas de salud, condicion medica, condiciones medicas, on disability, on ssi, on
        ssdi, pension por discapacidad, ingresos por discapacidad, disability payments, disability checks,
        methadone, psych meds, psychiatric meds, sindrome de down, autismo, paralisis cerebral, esquizofrenia,
        epilepsia, demencia, discapacidad intelectual, sober houses, sober house, halfway houses, halfway house,
        casa hogar, casas hogar, centro de rehabilitacion, centros de rehabilitacion, en rehabilitacion, anyone
        needing assistance, anyone who needs assistance, the disabled, people with disabilities, persons with
        disabilities, person with a disability, anyone with a disability, with disabilities, with a disability,
        disabilities, disability, wheelchair users, wheelchair user, mental illness, psychiatric conditions,
        psychiatric condition, psych patients, mental patients, mental health history, history of psychiatric
        treatment, psychiatric treatment, psychiatric medication, problemas mentales, enfermedades mentales,
        discapacitados, discapacitadas, personas con discapacidad, discapacidad, hiv, aids patients, cancer
        patients, epilepsy, seizure disorders, seizures, autism, down syndrome, dementia, alzheimer's, multiple
        sclerosis, ms, cerebral palsy, recovering addicts, addicts, alcoholics, in recovery, group homes, group
        home, intellectual disabilities, developmental disabilities, medical conditions, medical condition, medical
        issues, health conditions, disability benefits, disability income, ssi, ssdi, ciegos, ciegas, sordos,
        sordas, personas ciegas, personas sordas, your condition, his condition, her condition, cripples, invalids,
        on oxygen, oxygen users, dialysis patients, chemo patients, schizophrenics, schizophrenia, bipolar disorder,
        depression, history of depression, anxiety disorders, ptsd, amputees, amputee, paraplegics, paraplegic,
        quadriplegics, quadriplegic, deaf mute, learning disabilities, mental disorders, mental health conditions,
        mental health issues, emotional problems, psychiatric medication, drug addicts, recovering alcoholics,
        former addicts, people in rehab, mentally disabled, mentally handicapped, mentally challenged, physically
        disabled, physically handicapped, physically challenged, developmentally disabled, intellectually disabled,
        mentally impaired, good physical and mental health, good physical health, good mental health, wife's
        condition, husband's condition, son's condition, daughter's condition, mother's condition, father's
        condition, limited mobility, mobility limitations, mobility impairments, reduced mobility, blindness,
        deafness, hearing loss, vision loss, husband's ms, wife's ms, son's ms, daughter's ms, con discapacidad,
        enfermos mentales, problemas de salud mental""",
    ),
    (
        DISABILITY,
        TRAIT,
        """diagnosis, diagnoses, your diagnosis, medical records, medical history, medication list, list of
        medications, mentally healthy, mentally stable, emotionally stable, well adjusted, sane, self sufficient,
        valer por si misma, valer por si mismo, valerse por si mismo, valerse por si misma, needing assistance,
        needs assistance, require assistance, requiring assistance, able bodied, physically fit, physically able,
        fit and healthy, healthy, in good health, ambulatory, sound mind, sound mind and body, of sound mind, walk
        unassisted, without assistance, live independently, independent living, without mobility issues, no mobility
        issues, mobility issues, without aids, climb stairs, able to climb stairs, able to hear, able to see, able
        to walk, hear the doorbell, pass a physical, physical exam, physical, sanas, sanos, personas sanas,
        problemas de movilidad, sin ayuda, subir escaleras, not disabled""",
    ),
    (
        FAMILIAL,
        AID,
        """strollers, stroller, baby strollers, carriolas, carriola, cochecitos de bebe, cochecitos, car seats, cribs,
        playpens, high chairs""",
    ),
    (
        DISABILITY,
        AID,
        """wheel chair, wheel chairs, stair lift, stair lifts, stairlift, stairlifts, chair lift, chair lifts, grab
        bars, personal care attendant, personal care attendants, care attendant, care attendants, attendants, home
        health aide, home health aides, oxygen tanks, motorized wheelchairs, power wheelchairs, motorized scooters,
        mobility equipment, medical equipment, reasonable accommodation, reasonable accommodations, reasonable
        modification, reasonable modifications, accommodation request, accommodation requests, accommodation,
        modification requests, andaderas, bastones, muletas, wheelchair, wheelchairs, walker, walkers, mobility
        scooters, mobility device, mobility devices, mobility aids, canes, crutches, oxygen tank, hearing aids,
        service animal, service animals, service dog, service dogs, guide dog, guide dogs, assistance animal,
        assistance animals, support animal, support animals, emotional support animal, emotional support animals,
        esa, esas, caregiver, aide, live in aide, live in caregiver, his chair, her chair, therapy animals, ramp,
        ramps, wheelchair ramp, wheelchair lifts, interpreter, modifications, accommodations, aides, caregivers,
        silla de ruedas, sillas de ruedas, perros de servicio, perros guia, animales de servicio, animales de apoyo
        emocional, animales de asistencia, perros de asistencia, perro de asistencia, perro de servicio, perro guia,
        animal de servicio, animal de apoyo, andadera""",
    ),
)


def terms(spec: str) -> list[str]:
    """The comma-separated terms of a vocabulary entry, each single-spaced."""
    return [" ".join(term.split()) for term in spec.split(",") if term.strip()]
