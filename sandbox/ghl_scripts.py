"""What sandbox leads say: names, persona scripts and the follow-ups that pad a conversation.

Messages are written the way people text a brokerage: shorthand, Spanish, a request for a person,
STOP. `{placeholders}` are filled per contact by ghl_data.
"""

FIRST = (
    "Maria",
    "James",
    "Priya",
    "Wei",
    "Carlos",
    "Emily",
    "Jamal",
    "Sofia",
    "Daniel",
    "Aisha",
    "Luis",
    "Hannah",
    "Minh",
    "Olivia",
    "Raj",
    "Grace",
    "Diego",
    "Chloe",
    "Omar",
    "Lauren",
)
LAST = (
    "Garcia",
    "Smith",
    "Nguyen",
    "Patel",
    "Johnson",
    "Hernandez",
    "Chen",
    "Williams",
    "Lopez",
    "Brown",
    "Kim",
    "Martinez",
    "Davis",
    "Rodriguez",
    "Singh",
    "Miller",
    "Wilson",
    "Tran",
    "Moore",
    "Lee",
)

SCRIPTS: dict[str, tuple[tuple[str, str], ...]] = {
    "buyer": (
        ("in", "Hi! Saw a listing on {source}. Looking for a {beds} bed in {area}, budget around {budget}"),
        (
            "out",
            "Hi {first}, this is Jorge, the AI assistant for our Austin team. Happy to help! Are you pre-approved?",
        ),
        ("in", "{preapproval}"),
        ("out", "Great. What's your timeline for moving?"),
        ("in", "{timeline}"),
        ("out", "Thanks! I found a few homes in {area} in your range. Want to tour this weekend?"),
        ("in", "yes sat morning works"),
    ),
    "investor": (
        ("in", "Investor here, looking for rentals in {area} under {budget}. cap rates?"),
        ("out", "Hi {first}, I'm Jorge, an AI assistant for our brokerage. Cash or financed?"),
        ("in", "cash, can close fast"),
        ("out", "Noted. I'll send duplexes and SFRs with rent estimates in {area}."),
    ),
    "seller": (
        ("in", "What's my house worth? {beds}bd in {area}, thinking of selling {timeline_short}"),
        ("out", "Hi {first}, I'm Jorge, the AI assistant for our team. What's the address?"),
        ("in", "{street}. Updated kitchen, new roof 2021"),
        ("out", "Thanks! Recent sales nearby suggest a range; an agent can walk through a full CMA with you."),
        ("in", "ok sounds good"),
    ),
    "info": (
        ("in", "hi what are HOA fees like in {area}? and taxes"),
        ("out", "Hi {first}, I'm Jorge, an AI assistant. HOA fees in {area} vary by community; want examples?"),
        ("in", "sure thx"),
    ),
    "spanish": (
        ("in", "Hola, busco casa en {area} de {beds} recámaras, presupuesto {budget}"),
        ("out", "¡Hola {first}! Soy Jorge, el asistente virtual del equipo. ¿Ya tiene pre-aprobación?"),
        ("in", "todavía no"),
    ),
}
HUMAN = ("can I talk to a real person?", "pls have an agent call me", "is this a bot? I want a human")
STOP = ("STOP", "stop texting me", "Unsubscribe")
FOLLOW_UPS = (
    ("out", "New in {area}: {beds}bd listed this week. Want the details?"),
    ("in", "thanks, not for me"),
    ("out", "Prices in {area} dipped a bit this month; happy to send a quick market update."),
    ("in", "can we see it this wknd?"),
    ("out", "Checking in, {first}: still looking in {area}?"),
    ("in", "yes still looking, maybe a bit more budget"),
)
PREAPPROVAL = ("yes pre-approved w/ Chase", "not pre-approved yet", "paying cash", "not sure, need to check")
TIMELINE = ("next month", "by August", "lease ends in March", "asap", "just browsing for now")
