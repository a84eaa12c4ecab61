"""What the Jorge bots say: templates with one voice per bot, SMS-sized.

Lead bot: professional and slightly conversational. Buyer bot: consultative and market-savvy.
Seller bot: a results-oriented advisor. Every bot is honest that it is an AI assistant for the
brokerage. SMS replies are at most 320 characters. These are the offline engine's words; an LLM
layer may later rephrase them, never decide them.

Reply styles are what the A/B experiment varies (see `ehub.bots.experiments`): "control" speaks as
below; "concise" opens with fewer words, drops the acknowledgement before a question and asks
shorter questions. Compliance wording (opt-out and opt-in confirmations, the fair-housing
answers, handoffs, the safe fallback) is the same in every style: it is not ours to experiment on.
"""

from __future__ import annotations

BROKERAGE = "the Jorge team"
SMS_LIMIT = 320

STYLES = ("control", "concise")
INTRO = "Hi! I'm Jorge, an AI assistant for {brokerage}. "
INTROS = {"control": INTRO, "concise": "Jorge here, AI assistant for {brokerage}. "}

QUESTIONS = {
    "area": "Which part of the Austin area are you looking at? (e.g. Round Rock, Cedar Park, East Austin, a ZIP)",
    "budget": "What price range feels comfortable for you?",
    "timeline": "What's your timeline for moving? Is there a date driving it, like a lease ending?",
    "agent": "Are you already working with a real estate agent?",
    "financing": "Are you pre-approved for a mortgage yet, or planning to pay cash?",
    "appointment": "Would you like to tour a few homes? I can set that up with one of our agents.",
}
SELLER_QUESTIONS = {
    "area": "Which neighborhood or ZIP is your home in?",
    "property": "Roughly how big is it: square feet and bedrooms? The street address helps me find the records.",
    "timeline": "When are you hoping to sell?",
    "agent": "Have you talked with a listing agent yet?",
    "appointment": "Would you like a full CMA walkthrough with one of our listing agents?",
}

CONCISE_QUESTIONS = {
    "area": "Which Austin-area city or ZIP?",
    "budget": "Price range?",
    "timeline": "When do you want to move?",
    "agent": "Working with an agent yet?",
    "financing": "Pre-approved, or paying cash?",
    "appointment": "Want to tour a few homes with an agent?",
}
CONCISE_SELLER_QUESTIONS = {
    "area": "Which neighborhood or ZIP is your home in?",
    "property": "Square feet and bedrooms?",
    "timeline": "When do you hope to sell?",
    "agent": "Talked with a listing agent yet?",
    "appointment": "Want a full CMA walkthrough with a listing agent?",
}
_QUESTION_SETS = {
    ("lead", "control"): QUESTIONS,
    ("seller", "control"): SELLER_QUESTIONS,
    ("lead", "concise"): CONCISE_QUESTIONS,
    ("seller", "concise"): CONCISE_SELLER_QUESTIONS,
}

OPT_OUT_CONFIRMATION = "You're unsubscribed and won't get more texts from us. Reply START to opt back in."
OPT_IN_CONFIRMATION = "Welcome back! You're subscribed again. How can I help?"
CONSENT_ON_OWN_CHANNEL = "To stop or restart our text messages, reply STOP or START to any text from us."
HANDOFF = {
    "human_request": "Of course. I'm an AI assistant, so I'm connecting you with one of our agents now; "
    "they'll reach out shortly.",
    "hot_lead": "You're all set. One of our agents will reach out shortly to take it from here.",
    "repeated_question": "Let me bring in one of our agents to make this easier. They'll reach out shortly.",
    "low_confidence": "I want to make sure you get the right answer, so one of our agents will follow up shortly.",
    "advice": "That's a question for a licensed professional. One of our agents will reach out to help.",
}
STEERING = {
    "schools": "I can't rate schools, but you can compare them yourself: the district's website and the "
    "Texas Education Agency (txschools.gov) publish ratings for every campus.",
    "safety": "I can't characterise an area's safety, but the Austin Police Department's crime map "
    "and your county sheriff publish reported incidents by address.",
    "demographics": "I don't describe who lives in an area. The U.S. Census Bureau (data.census.gov) "
    "publishes neighborhood statistics if you'd like to look.",
    "religion": "I can't describe neighborhoods that way, but a map search will show places of worship near "
    "any home you like.",
}
SAFE_FALLBACK = "Thanks! One of our agents will follow up with details."
UNDERSTOOD = ("Got it.", "Thanks!", "Great, thank you.", "Perfect.")


def style_of(variant: str) -> str:
    """The reply style of an experiment variant; anything unknown speaks as the control."""
    return variant if variant in STYLES else "control"


def intro(variant: str) -> str:
    return INTROS[style_of(variant)].format(brokerage=BROKERAGE)


def questions(kind: str, variant: str) -> dict[str, str]:
    """The qualifying questions ("lead" or "seller") in the variant's style; same keys in every style."""
    return _QUESTION_SETS[(kind, style_of(variant))]


def acknowledgement(variant: str, replies: int) -> str:
    """What precedes a follow-up question: a short thanks in the control style, nothing when concise."""
    if style_of(variant) == "concise":
        return ""
    return UNDERSTOOD[replies % len(UNDERSTOOD)] + " "


def sms(text: str, limit: int = SMS_LIMIT) -> str:
    """Fit a reply in one SMS-sized message, cutting at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def money(value: float) -> str:
    return f"${value / 1_000_000:.2f}M" if value >= 1_000_000 else f"${round(value / 1000):,.0f}k"


def listing_line(listing: dict) -> str:
    """One listing in a text: address, price, beds/baths, $/sqft and a short link (about 60 characters)."""
    return (
        f"{listing['street_address']} {money(float(listing['list_price']))} "
        f"{listing['bedrooms_total']}/{listing['bathrooms_total']} ${float(listing['price_per_sqft']):,.0f}/sf "
        f"ehub.link/{listing['listing_key'][-6:]}"
    )
