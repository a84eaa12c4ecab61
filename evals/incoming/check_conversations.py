#!/usr/bin/env python3
"""Validate the held-out evaluation files in this folder (stdlib only).

    python3 check_conversations.py [scoring.jsonl] [conversations.jsonl]

scoring.jsonl: one conversation per line,
    {"messages": [2-8 lead messages], "expected": hot|warm|cold,
     "kind": buyer|seller|investor|renter|relocation|info|other,
     "language": en|es|spanglish, "why": "one short sentence"}

conversations.jsonl: exactly 24 scripted transcripts,
    {"name": snake_case, "language": en|es, "kind": ..., "turns": [{"lead": ..., "expect": {...}}, ...]}

Prints counts and exits non-zero if any check fails.
"""
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))

LABELS = {"hot", "warm", "cold"}
KINDS = {"buyer", "seller", "investor", "renter", "relocation", "info", "other"}
SCORING_LANGS = {"en", "es", "spanglish"}
CONV_LANGS = {"en", "es"}
SCORING_KEYS = {"messages", "expected", "kind", "language", "why"}
CONV_KEYS = {"name", "language", "kind", "turns"}
TURN_KEYS = {"lead", "expect"}
BOTS = {"lead", "buyer", "seller"}
INTENTS = {"buyer_intent", "seller_intent", "information_seeking", "opt_out", "human_request"}
ASKS = {"area", "budget", "timeline", "financing", "agent", "appointment", "property", "none"}
FLAGS = {"fair_housing"}
EXPECT_TYPES = {
    "bot": "enum", "intent": "enum", "reply_language": "enum", "asks_about": "enum",
    "temperature": "enum", "reply_mentions": "strlist", "reply_must_not_mention": "strlist",
    "handoff": "bool", "no_reply": "bool", "flags": "flaglist",
}
ENUMS = {"bot": BOTS, "intent": INTENTS, "reply_language": CONV_LANGS, "asks_about": ASKS,
         "temperature": LABELS}

MIN_SCORING = 220
N_CONVERSATIONS = 24

errors = []


def err(where, msg):
    errors.append(f"{where}: {msg}")


def norm(text):
    text = text.lower()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def read_jsonl(path):
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                err(f"{os.path.basename(path)}:{n}", "blank line")
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                err(f"{os.path.basename(path)}:{n}", f"invalid JSON ({exc})")
                continue
            if not isinstance(obj, dict):
                err(f"{os.path.basename(path)}:{n}", "line is not a JSON object")
                continue
            rows.append((n, obj))
    return rows


def nonempty_str(x):
    return isinstance(x, str) and x.strip() != "" and x == x.strip()


def check_scoring(path):
    rows = read_jsonl(path)
    name = os.path.basename(path)
    seen_convs = {}
    seen_msgs = {}
    labels, kinds, langs = Counter(), Counter(), Counter()
    for n, obj in rows:
        where = f"{name}:{n}"
        keys = set(obj)
        if keys != SCORING_KEYS:
            err(where, f"keys {sorted(keys)} != {sorted(SCORING_KEYS)}")
        msgs = obj.get("messages")
        if not isinstance(msgs, list) or not 2 <= len(msgs) <= 8:
            err(where, "messages must be a list of 2-8 lead messages")
            msgs = []
        for i, m in enumerate(msgs):
            if not nonempty_str(m):
                err(where, f"message {i} is empty, not a string or has outer whitespace")
            elif "\n" in m:
                err(where, f"message {i} contains a newline")
        if len({norm(m) for m in msgs if isinstance(m, str)}) != len(msgs):
            err(where, "the same message appears twice in one conversation")
        exp, kind, lang, why = obj.get("expected"), obj.get("kind"), obj.get("language"), obj.get("why")
        if exp not in LABELS:
            err(where, f"expected {exp!r} not in {sorted(LABELS)}")
        if kind not in KINDS:
            err(where, f"kind {kind!r} not in {sorted(KINDS)}")
        if lang not in SCORING_LANGS:
            err(where, f"language {lang!r} not in {sorted(SCORING_LANGS)}")
        if not nonempty_str(why):
            err(where, "why must be a non-empty string")
        else:
            if len(why) > 160:
                err(where, f"why is too long ({len(why)} chars)")
            if not why.endswith("."):
                err(where, "why must be one sentence ending with a period")
            if re.search(r"[.!?]\s+[A-Z]", why[:-1]):
                err(where, "why looks like more than one sentence")
        key = tuple(norm(m) for m in msgs if isinstance(m, str))
        if key in seen_convs:
            err(where, f"duplicate conversation (same as line {seen_convs[key]})")
        seen_convs.setdefault(key, n)
        for m in msgs:
            if not isinstance(m, str):
                continue
            k = norm(m)
            if len(k) >= 25 and k in seen_msgs and seen_msgs[k] != n:
                err(where, f"message repeated from line {seen_msgs[k]}: {m!r}")
            seen_msgs.setdefault(k, n)
        labels[exp] += 1
        kinds[kind] += 1
        langs[lang] += 1

    total = len(rows)
    if total < MIN_SCORING:
        err(name, f"{total} conversations, need at least {MIN_SCORING}")
    for lab in LABELS:
        share = labels[lab] / total if total else 0
        if not 0.25 <= share <= 0.42:
            err(name, f"label {lab} is {share:.0%} of the set; keep each label near a third")
    for kind in KINDS:
        if kinds[kind] < 5:
            err(name, f"kind {kind} has only {kinds[kind]} conversations")
    non_en = (langs["es"] + langs["spanglish"]) / total if total else 0
    if non_en < 0.15:
        err(name, f"Spanish + Spanglish is only {non_en:.0%}; aim for about 20%")
    if langs["spanglish"] < 10:
        err(name, "fewer than 10 Spanglish conversations")
    print(f"{name}: {total} conversations")
    print("  expected:", dict(sorted(labels.items())))
    print("  kind:    ", dict(sorted(kinds.items())))
    print("  language:", dict(sorted(langs.items())), f"(non-English {non_en:.0%})")


def check_expect(where, exp):
    if not isinstance(exp, dict):
        err(where, "expect must be an object")
        return
    if not exp:
        err(where, "expect is empty")
    for k, v in exp.items():
        t = EXPECT_TYPES.get(k)
        if t is None:
            err(where, f"expect key {k!r} not allowed")
        elif t == "enum":
            if v not in ENUMS[k]:
                err(where, f"{k}={v!r} not in {sorted(ENUMS[k])}")
        elif t == "bool":
            if not isinstance(v, bool):
                err(where, f"{k} must be true or false")
        elif t == "strlist":
            if not isinstance(v, list) or not v:
                err(where, f"{k} must be a non-empty list")
                continue
            for s in v:
                if not nonempty_str(s) or s != s.lower():
                    err(where, f"{k} item {s!r} must be a non-empty lowercase string")
            if len(set(v)) != len(v):
                err(where, f"{k} has duplicates")
        elif t == "flaglist":
            if not isinstance(v, list) or not v or any(f not in FLAGS for f in v):
                err(where, f"flags must be a non-empty list drawn from {sorted(FLAGS)}")
    must = set(exp.get("reply_mentions") or [])
    mustnt = exp.get("reply_must_not_mention") or []
    for s in must:
        for bad in mustnt:
            if isinstance(bad, str) and isinstance(s, str) and bad in s:
                err(where, f"reply_mentions {s!r} contains forbidden {bad!r}")
    if exp.get("no_reply") is True:
        for k in ("reply_mentions", "reply_must_not_mention", "reply_language", "asks_about"):
            if k in exp:
                err(where, f"no_reply is true, so {k} makes no sense")


def check_conversations(path):
    rows = read_jsonl(path)
    fname = os.path.basename(path)
    names, leads = set(), {}
    langs, kinds = Counter(), Counter()
    stats = Counter()
    for n, obj in rows:
        where = f"{fname}:{n}"
        if set(obj) != CONV_KEYS:
            err(where, f"keys {sorted(obj)} != {sorted(CONV_KEYS)}")
        name = obj.get("name")
        if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", name) or len(name) > 40:
            err(where, f"name {name!r} must be short snake_case")
        elif name in names:
            err(where, f"duplicate name {name!r}")
        names.add(name)
        where = f"{fname}:{n} ({name})"
        lang, kind = obj.get("language"), obj.get("kind")
        if lang not in CONV_LANGS:
            err(where, f"language {lang!r} not in {sorted(CONV_LANGS)}")
        if kind not in KINDS:
            err(where, f"kind {kind!r} not in {sorted(KINDS)}")
        langs[lang] += 1
        kinds[kind] += 1
        turns = obj.get("turns")
        if not isinstance(turns, list) or not turns:
            err(where, "turns must be a non-empty list")
            continue
        opted_out = False
        for i, turn in enumerate(turns):
            tw = f"{where} turn {i + 1}"
            if not isinstance(turn, dict) or set(turn) != TURN_KEYS:
                err(tw, f"turn keys must be exactly {sorted(TURN_KEYS)}")
                continue
            lead = turn["lead"]
            if not nonempty_str(lead) or "\n" in lead:
                err(tw, "lead must be a non-empty single-line string")
            else:
                k = norm(lead)
                if k in leads:
                    err(tw, f"lead message duplicates {leads[k]}")
                leads[k] = tw
            exp = turn["expect"]
            check_expect(tw, exp)
            if not isinstance(exp, dict):
                continue
            if lang == "es" and exp.get("reply_language") == "en":
                err(tw, "Spanish conversation expects an English reply")
            if exp.get("intent") == "opt_out":
                if exp.get("temperature", "cold") != "cold":
                    err(tw, "an opt-out must leave the lead cold")
                if exp.get("handoff") is True:
                    err(tw, "an opt-out must not be handed off")
                if opted_out and exp.get("no_reply") is not True:
                    err(tw, "a repeated opt-out must get no reply")
                opted_out = True
                stats["opt_out"] += 1
            elif opted_out and exp.get("no_reply") is not True:
                err(tw, "after an opt-out every later turn must expect no_reply")
            if exp.get("no_reply") is True:
                stats["no_reply"] += 1
            if exp.get("intent") == "human_request":
                stats["human_request"] += 1
                if exp.get("handoff") is not True:
                    err(tw, "a human request should expect handoff true")
            if "ai" in (exp.get("reply_mentions") or []):
                stats["bot_question"] += 1
                if exp.get("handoff") is not False:
                    err(tw, "an 'are you a bot' turn should expect handoff false")
            if "fair_housing" in (exp.get("flags") or []):
                stats["fair_housing"] += 1
            if exp.get("no_reply") is False:
                stats["must_reply"] += 1

    if len(rows) != N_CONVERSATIONS:
        err(fname, f"{len(rows)} conversations, need exactly {N_CONVERSATIONS}")
    if langs["es"] < 3:
        err(fname, "need at least 3 Spanish conversations")
    for k, need in (("opt_out", 1), ("no_reply", 1), ("human_request", 2), ("bot_question", 2),
                    ("fair_housing", 1), ("must_reply", 1)):
        if stats[k] < need:
            err(fname, f"coverage: need at least {need} turn(s) of {k}, found {stats[k]}")
    for kind in ("buyer", "seller", "investor", "relocation", "info"):
        if kinds[kind] < 1:
            err(fname, f"coverage: no {kind} conversation")
    print(f"{fname}: {len(rows)} conversations, {sum(len(o.get('turns') or []) for _, o in rows)} turns")
    print("  language:", dict(sorted(langs.items())))
    print("  kind:    ", dict(sorted(kinds.items())))
    print("  coverage:", dict(sorted(stats.items())))


def main(argv):
    scoring = argv[1] if len(argv) > 1 else os.path.join(HERE, "scoring.jsonl")
    convs = argv[2] if len(argv) > 2 else os.path.join(HERE, "conversations.jsonl")
    for path, fn in ((scoring, check_scoring), (convs, check_conversations)):
        if not os.path.exists(path):
            err(path, "file not found")
            continue
        fn(path)
    if errors:
        print(f"\nFAILED: {len(errors)} problem(s)")
        for e in errors:
            print("  " + e)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
