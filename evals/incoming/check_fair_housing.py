#!/usr/bin/env python3
"""Checks the held-out fair-housing files in this folder (stdlib only).

    python3 check_fair_housing.py

Files checked:
  compliance.tsv        text<TAB>expected              expected: flag | ok
  compliance_notes.tsv  line<TAB>expected<TAB>protected_class<TAB>form<TAB>source<TAB>text
  steering.tsv          text<TAB>expected              expected: redirect | none
  steering_notes.tsv    line<TAB>expected<TAB>category<TAB>text

Line numbers in the notes count the header as line 1. Spanish lines carry a form (compliance)
or category (steering) that starts with "spanish-". The script prints the counts and exits 1
if any check fails.
"""
import collections
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))

CLASSES = ["race", "color", "religion", "sex", "national_origin", "familial_status", "disability"]
SOURCES = {"listing", "agent", "bot", "lead"}
MIN_COMPLIANCE = 440
MIN_STEERING = 90
MIN_PER_CLASS = 20
LABEL_SHARE = (0.45, 0.55)
SPANISH_SHARE = (0.12, 0.20)
NEAR_DUP_JACCARD = 0.75

# Forms the flag side must contain (a trailing "*" means "any form with this prefix").
REQUIRED_FLAG_FORMS = ["explicit", "coded", "implicit-steering", "inflection", "synonym",
                       "ad-targeting", "obfuscated", "spanish-*"]
# Look-alike types the ok side must contain.
REQUIRED_OK_FORMS = ["master-term", "family-room", "room-name", "degree", "landmark", "city-name",
                     "architecture", "colour-material", "hopa", "accessibility",
                     "reasonable-accommodation", "section8", "shared-living", "quiet", "amenity",
                     "redirect", "property-fact", "coded-lookalike", "holiday", "language-help",
                     "self-description", "spanish-*"]

# Terms from the brief that flag lines of each class must cover (each regex must hit at least
# one flag line of that class).
FLAG_COVERAGE = {
    "race": [r"\bdiverse\b", r"changing neighborhood", r"integrated", r"\burban\b",
             r"good element", r"bad element", r"in transition", r"people like you",
             r"fit in better", r"more comfortable in", r"families like yours", r"minorit",
             r"caucasian|african american|\basian\b|\banglos?\b", r"raza"],
    "color": [r"\bwhite\b", r"\bblacks?\b", r"\bbrown", r"skinned|complexion",
              r"people of color|colored", r"morenos|piel clara|gente blanca|güeros"],
    "religion": [r"\bchristians?\b", r"christian family", r"\bcatholic", r"\bjewish\b",
                 r"synagogue", r"\bmuslims?\b", r"\bmormon|\blds\b", r"baptists?",
                 r"hindu", r"atheist", r"church-going", r"cristianos", r"musulmanes|judíos"],
    "sex": [r"female", r"bachelor pad", r"bachelorette", r"gentleman", r"\bwom[ae]n\b",
            r"\bmen\b|\bmale\b", r"\bgay\b", r"same-sex", r"transgender", r"lesbian",
            r"mujeres", r"mismo sexo"],
    "national_origin": [r"english speakers only", r"immigrants", r"hispanic neighborhood",
                        r"citizen", r"esl kids", r"\bpapers\b", r"american-born|native-born",
                        r"mexican", r"chinese", r"\bindian\b", r"accent", r"inglés",
                        r"indocumentados|sin papeles", r"extranjeros"],
    "familial_status": [r"adults only", r"no kids", r"perfect for singles", r"perfect for couples",
                        r"mature couple", r"empty nesters only", r"empty-nester",
                        r"\bchild(ren)?\b", r"newlyweds", r"retirees", r"teen", r"toddlers",
                        r"expecting|pregnan|embarazada", r"no se aceptan niños",
                        r"parejas sin hijos", r"families like yours"],
    "disability": [r"climb stairs", r"wheelchair", r"recovering addicts", r"mentally ill|mental health",
                   r"able-bodied", r"independent living only", r"service animals",
                   r"\besas?\b|emotional support", r"group homes", r"ssi|ssdi", r"handicapped",
                   r"deaf|blind", r"silla de ruedas", r"discapacitados", r"problemas mentales"],
}
# Look-alike terms from the brief that ok lines must contain.
OK_COVERAGE = [r"master bedroom", r"primary suite", r"family room", r"walk-in closet",
               r"bachelor's degree", r"jack-and-jill", r"st\. mary's", r"\btemple\b",
               r"colonial", r"spanish-style", r"white oak", r"black granite", r"english garden",
               r"mother-in-law suite", r"great room", r"zero-step entry", r"grab bars",
               r"wheelchair accessible", r"reasonable accommodations considered", r"\b55\+",
               r"\b62\b", r"section 8 accepted", r"seniors welcome", r"roommate",
               r"quiet neighborhood", r"family-friendly amenities", r"playground", r"man cave",
               r"cathedral ceilings", r"kosher"]
# Steering: categories that must appear on each side.
REQUIRED_REDIRECT_CATS = ["racial-makeup", "ethnic-makeup", "religious-makeup", "safety-proxy",
                          "school-demographics", "family-makeup", "people-like-us",
                          "lgbt-friendliness", "immigrants", "disability-neighbors"]
REQUIRED_NONE_CATS = ["price", "days-on-market", "commute", "hoa", "lot-size", "taxes",
                      "flood-zone", "school-facts", "place-of-worship-location", "store-location",
                      "55-plus", "accessibility", "crime-data-official"]

ES_WORDS = set("""de la el en y que los las se un una para con por del al es su sus muy hay
casa esta esa ese ese ustedes usted le lo más cerca sin ni solo donde dónde cuánto cuántos
qué cuál está están tiene niños personas vecindario zona barrio escuela calle mejor
""".split())
EN_WORDS = set("""the a an and to of in for with is are on at or this that it you your we our
from by be as its there my me i near walk house home street""".split())
FORM_RE = re.compile(r"^[a-z0-9+]+(-[a-z0-9+]+)*$")

errors = []


def fail(msg):
    errors.append(msg)


def read_tsv(name, header):
    path = os.path.join(HERE, name)
    if not os.path.exists(path):
        fail(f"{name}: missing")
        return []
    raw = open(path, "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        fail(f"{name}: has a UTF-8 BOM")
    if b"\r" in raw:
        fail(f"{name}: contains carriage returns")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        fail(f"{name}: not UTF-8 ({exc})")
        return []
    if not text.endswith("\n"):
        fail(f"{name}: no final newline")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if not lines or lines[0].split("\t") != header:
        fail(f"{name}: header must be {'<TAB>'.join(header)!r}, got {lines[0] if lines else ''!r}")
        return []
    rows = []
    for n, line in enumerate(lines[1:], start=2):
        fields = line.split("\t")
        if len(fields) != len(header):
            fail(f"{name}:{n}: {len(fields)} fields, expected {len(header)}")
            continue
        for f in fields:
            if f != f.strip() or f == "":
                fail(f"{name}:{n}: empty field or stray whitespace: {line!r}")
            if any(unicodedata.category(c) in ("Cc", "Cf") for c in f):
                fail(f"{name}:{n}: control or invisible character in {f!r}")
        rows.append((n, fields))
    return rows


def norm(text):
    text = unicodedata.normalize("NFKC", text).lower()
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return re.sub(r"[^a-z0-9+]+", " ", text).strip()


def tokens(text):
    return set(norm(text).split())


def language(text):
    words = re.findall(r"[a-záéíóúñü]+", text.lower())
    es = sum(w in ES_WORDS for w in words) + 2 * bool(re.search(r"[ñáéíóú¿¡]", text.lower()))
    en = sum(w in EN_WORDS for w in words)
    return "es" if es > en else "en"


def share_ok(part, whole, bounds):
    return whole and bounds[0] <= part / whole <= bounds[1]


def check_main_and_notes(main_name, notes_name, labels, notes_header):
    main = read_tsv(main_name, ["text", "expected"])
    notes = read_tsv(notes_name, notes_header)
    for n, (text, lab) in main:
        if lab not in labels:
            fail(f"{main_name}:{n}: bad label {lab!r}")
        if text.startswith('"'):
            fail(f"{main_name}:{n}: text starts with a double quote")
    if len(main) != len(notes):
        fail(f"{notes_name}: {len(notes)} rows, {main_name} has {len(main)}")
    for (n, (text, lab)), (m, nf) in zip(main, notes):
        if nf[0] != str(n):
            fail(f"{notes_name}:{m}: line column {nf[0]!r}, expected {n}")
        if nf[1] != lab:
            fail(f"{notes_name}:{m}: expected {nf[1]!r} but {main_name}:{n} says {lab!r}")
        if nf[-1] != text:
            fail(f"{notes_name}:{m}: text differs from {main_name}:{n}")
    return main, notes


def check_duplicates(all_texts):
    seen = {}
    for where, text in all_texts:
        key = norm(text)
        if key in seen:
            fail(f"duplicate text: {where} and {seen[key]}: {text!r}")
        seen[key] = where
    toks = [(where, text, tokens(text)) for where, text in all_texts]
    for i in range(len(toks)):
        wi, ti, si = toks[i]
        if len(si) < 4:
            continue
        for j in range(i + 1, len(toks)):
            wj, tj, sj = toks[j]
            if len(sj) < 4:
                continue
            jac = len(si & sj) / len(si | sj)
            if jac >= NEAR_DUP_JACCARD and norm(ti) != norm(tj):
                fail(f"near-duplicate ({jac:.2f}): {wi} {ti!r} ~ {wj} {tj!r}")


def main():
    # ---------------- compliance ----------------
    comp, cnotes = check_main_and_notes(
        "compliance.tsv", "compliance_notes.tsv", {"flag", "ok"},
        ["line", "expected", "protected_class", "form", "source", "text"])
    labels = collections.Counter(lab for _, (_, lab) in comp)
    by_class = collections.Counter()
    by_form = collections.Counter()
    by_source = collections.Counter()
    lang = collections.Counter()
    class_forms = collections.defaultdict(collections.Counter)
    flag_texts = collections.defaultdict(list)
    ok_texts = []
    for m, (_, lab, cls, form, src, text) in cnotes:
        if lab == "flag" and cls not in CLASSES:
            fail(f"compliance_notes.tsv:{m}: flag line needs a protected class, got {cls!r}")
        if lab == "ok" and cls != "-":
            fail(f"compliance_notes.tsv:{m}: ok line must have protected_class '-', got {cls!r}")
        if not FORM_RE.match(form):
            fail(f"compliance_notes.tsv:{m}: bad form {form!r}")
        if src not in SOURCES:
            fail(f"compliance_notes.tsv:{m}: bad source {src!r}")
        is_es = form.startswith("spanish-")
        if (language(text) == "es") != is_es:
            fail(f"compliance_notes.tsv:{m}: form {form!r} but text reads as "
                 f"{language(text)}: {text!r}")
        by_form[(lab, form)] += 1
        by_source[(lab, src)] += 1
        lang[(lab, "es" if is_es else "en")] += 1
        if lab == "flag":
            by_class[cls] += 1
            class_forms[cls][form] += 1
            flag_texts[cls].append(text)
        else:
            ok_texts.append(text)
    total = len(comp)
    if total < MIN_COMPLIANCE:
        fail(f"compliance.tsv: {total} lines, need at least {MIN_COMPLIANCE}")
    if not share_ok(labels["flag"], total, LABEL_SHARE):
        fail(f"compliance.tsv: flag share {labels['flag']}/{total} outside {LABEL_SHARE}")
    es_total = lang[("flag", "es")] + lang[("ok", "es")]
    if not share_ok(es_total, total, SPANISH_SHARE):
        fail(f"compliance.tsv: Spanish share {es_total}/{total} outside {SPANISH_SHARE}")
    for lab in ("flag", "ok"):
        if lang[(lab, "es")] < 0.10 * labels[lab]:
            fail(f"compliance.tsv: only {lang[(lab, 'es')]} Spanish {lab} lines")
    for cls in CLASSES:
        if by_class[cls] < MIN_PER_CLASS:
            fail(f"compliance.tsv: class {cls} has {by_class[cls]} flag lines (< {MIN_PER_CLASS})")
        forms = class_forms[cls]
        if sum(v for f, v in forms.items() if f.startswith("spanish-")) < 2:
            fail(f"compliance.tsv: class {cls} has fewer than 2 Spanish flag lines")
        if sum(v for f, v in forms.items() if f not in ("explicit", "spanish-explicit")) < 3:
            fail(f"compliance.tsv: class {cls} has fewer than 3 non-explicit flag lines")
        for pat in FLAG_COVERAGE[cls]:
            if not any(re.search(pat, t, re.I) for t in flag_texts[cls]):
                fail(f"compliance.tsv: no {cls} flag line matches {pat!r}")
    flag_forms = {f for (lab, f) in by_form if lab == "flag"}
    ok_forms = {f for (lab, f) in by_form if lab == "ok"}
    for req, have, side in ((REQUIRED_FLAG_FORMS, flag_forms, "flag"),
                            (REQUIRED_OK_FORMS, ok_forms, "ok")):
        for f in req:
            hit = any(h.startswith(f[:-1]) for h in have) if f.endswith("*") else f in have
            if not hit:
                fail(f"compliance.tsv: no {side} line with form {f!r}")
    for pat in OK_COVERAGE:
        if not any(re.search(pat, t, re.I) for t in ok_texts):
            fail(f"compliance.tsv: no ok look-alike matches {pat!r}")
    for src in SOURCES:
        if by_source[("flag", src)] < 3:
            fail(f"compliance.tsv: fewer than 3 flag lines from source {src!r}")
        if by_source[("ok", src)] < 3:
            fail(f"compliance.tsv: fewer than 3 ok lines from source {src!r}")

    # ---------------- steering ----------------
    steer, snotes = check_main_and_notes(
        "steering.tsv", "steering_notes.tsv", {"redirect", "none"},
        ["line", "expected", "category", "text"])
    slabels = collections.Counter(lab for _, (_, lab) in steer)
    scats = collections.Counter()
    slang = collections.Counter()
    cat_labels = collections.defaultdict(set)
    for m, (_, lab, cat, text) in snotes:
        if not FORM_RE.match(cat):
            fail(f"steering_notes.tsv:{m}: bad category {cat!r}")
        if "?" not in text:
            fail(f"steering_notes.tsv:{m}: not a question: {text!r}")
        is_es = cat.startswith("spanish-")
        if (language(text) == "es") != is_es:
            fail(f"steering_notes.tsv:{m}: category {cat!r} but text reads as "
                 f"{language(text)}: {text!r}")
        base = cat[len("spanish-"):] if is_es else cat
        cat_labels[base].add(lab)
        scats[(lab, base)] += 1
        slang[(lab, "es" if is_es else "en")] += 1
    for base, labs in cat_labels.items():
        if len(labs) > 1:
            fail(f"steering_notes.tsv: category {base!r} used for both labels")
    stotal = len(steer)
    if stotal < MIN_STEERING:
        fail(f"steering.tsv: {stotal} lines, need at least {MIN_STEERING}")
    if not share_ok(slabels["redirect"], stotal, LABEL_SHARE):
        fail(f"steering.tsv: redirect share {slabels['redirect']}/{stotal} outside {LABEL_SHARE}")
    ses = slang[("redirect", "es")] + slang[("none", "es")]
    if not share_ok(ses, stotal, SPANISH_SHARE):
        fail(f"steering.tsv: Spanish share {ses}/{stotal} outside {SPANISH_SHARE}")
    for lab in ("redirect", "none"):
        if slang[(lab, "es")] < 0.10 * slabels[lab]:
            fail(f"steering.tsv: only {slang[(lab, 'es')]} Spanish {lab} lines")
    for req, lab in ((REQUIRED_REDIRECT_CATS, "redirect"), (REQUIRED_NONE_CATS, "none")):
        for c in req:
            if scats[(lab, c)] == 0:
                fail(f"steering.tsv: no {lab} line in category {c!r}")

    # ---------------- duplicates across both files ----------------
    texts = [(f"compliance.tsv:{n}", t) for n, (t, _) in comp]
    texts += [(f"steering.tsv:{n}", t) for n, (t, _) in steer]
    check_duplicates(texts)

    # ---------------- report ----------------
    print(f"compliance.tsv: {total} lines  " + "  ".join(f"{k} {v}" for k, v in sorted(labels.items())))
    print("  flag by class: " + ", ".join(f"{c} {by_class[c]}" for c in CLASSES))
    print("  language: " + ", ".join(f"{lab}/{lg} {v}" for (lab, lg), v in sorted(lang.items())))
    print("  source: " + ", ".join(f"{lab}/{s} {v}" for (lab, s), v in sorted(by_source.items())))
    for lab in ("flag", "ok"):
        forms = collections.Counter()
        for (l2, f), v in by_form.items():
            if l2 == lab:
                forms[f] += v
        print(f"  {lab} forms: " + ", ".join(f"{f} {v}" for f, v in sorted(forms.items())))
    print(f"steering.tsv: {stotal} lines  " + "  ".join(f"{k} {v}" for k, v in sorted(slabels.items())))
    print("  language: " + ", ".join(f"{lab}/{lg} {v}" for (lab, lg), v in sorted(slang.items())))
    for lab in ("redirect", "none"):
        print(f"  {lab} categories: " + ", ".join(
            f"{c} {v}" for (l2, c), v in sorted(scats.items()) if l2 == lab))
    if errors:
        print(f"\nFAILED: {len(errors)} problem(s)")
        for e in errors:
            print("  - " + e)
        return 1
    print("\nOK: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
