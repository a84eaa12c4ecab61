"""Jorge's words in English. Keys are shared with every other language (see `ehub.bots.wording`)."""

from __future__ import annotations

TEXTS: dict[str, str] = {
    "intro": "Hi! I'm Jorge, an AI assistant for {brokerage}. ",
    "intro.concise": "Jorge here, AI assistant for {brokerage}. ",
    # The Lead bot's questions (LPMAMA), one at a time.
    "question.lead.area": "Which part of the Austin area are you looking at? (e.g. Round Rock, Cedar Park, "
    "East Austin, a ZIP)",
    "question.lead.budget": "What price range feels comfortable for you?",
    "question.lead.timeline": "What's your timeline for moving? Is there a date driving it, like a lease ending?",
    "question.lead.agent": "Are you already working with a real estate agent?",
    "question.lead.financing": "Are you pre-approved for a mortgage yet, or planning to pay cash?",
    "question.lead.appointment": "Would you like to tour a few homes? I can set that up with one of our agents.",
    "question.lead.area.concise": "Which Austin-area city or ZIP?",
    "question.lead.budget.concise": "Price range?",
    "question.lead.timeline.concise": "When do you want to move?",
    "question.lead.agent.concise": "Working with an agent yet?",
    "question.lead.financing.concise": "Pre-approved, or paying cash?",
    "question.lead.appointment.concise": "Want to tour a few homes with an agent?",
    # The Seller bot's questions.
    "question.seller.area": "Which neighborhood or ZIP is your home in?",
    "question.seller.property": "Roughly how big is it: square feet and bedrooms? The street address helps me "
    "find the records.",
    "question.seller.timeline": "When are you hoping to sell?",
    "question.seller.agent": "Have you talked with a listing agent yet?",
    "question.seller.appointment": "Would you like a full CMA walkthrough with one of our listing agents?",
    "question.seller.property.concise": "Square feet and bedrooms?",
    "question.seller.timeline.concise": "When do you hope to sell?",
    "question.seller.agent.concise": "Talked with a listing agent yet?",
    "question.seller.appointment.concise": "Want a full CMA walkthrough with a listing agent?",
    "ack.0": "Got it.",
    "ack.1": "Thanks!",
    "ack.2": "Great, thank you.",
    "ack.3": "Perfect.",
    "sorry": "I'm sorry about that.",
    # Consent: the same words in every style.
    "opt_out_confirmation": "You're unsubscribed and won't get more texts from us. Reply START to opt back in.",
    "opt_in_confirmation": "Welcome back! You're subscribed again. How can I help?",
    "consent_check": "Just to check: would you like us to stop texting you? Reply STOP and we will, right away.",
    "consent_on_own_channel": "To stop or restart our text messages, reply STOP or START to any text from us.",
    # Handoffs: who will reply, and when.
    "handoff.human_request": "Of course. I'm an AI assistant, so I'm connecting you with one of our agents; "
    "they'll reach out {when}.",
    "handoff.hot_lead": "You're all set. One of our agents will reach out {when} to take it from here.",
    "handoff.repeated_question": "Let me bring in one of our agents to make this easier. They'll reach out {when}.",
    "handoff.low_confidence": "I want to make sure you get the right answer, so one of our agents will follow "
    "up {when}.",
    "handoff.advice": "That's a question for a licensed professional. One of our agents will reach out {when} to help.",
    "handoff.when.now": "shortly",
    "handoff.when.morning": "after 8 AM",
    "after_handoff": "Thanks, I've passed this on to your agent, who will reply {when}.",
    # Honest answers about Jorge itself.
    "taxes": "Property taxes in {areas} vary by home: the county, city, school district and often a MUD each add a"
    " rate. Your agent can look up any home's exact rate.",
    "taxes.texas": "Texas",
    "down_payment": "Many first-time buyers put down 3 to 3.5% (conventional or FHA loans), VA and USDA loans can "
    "be 0% down, and 20% avoids mortgage insurance. A lender can tell you what fits you.",
    "commission": "Commission is negotiable and always agreed in writing before we work together; an agent can "
    "walk you through ours.",
    "later": "No problem. Text back whenever you're free and I'll pick up where we left off.",
    "and": " and ",
    "bot_disclosure": "Yes, I'm Jorge, an AI assistant for {brokerage}. I can answer questions and set things "
    "up, and a licensed agent can take over any time you like.",
    # Fair housing: neutral sources, never a characterisation of who lives where.
    "steering.schools": "I can't rate schools, but you can compare them yourself: the district's website and "
    "the Texas Education Agency (txschools.gov) publish ratings for every campus.",
    "steering.safety": "I can't characterise an area's safety, but the Austin Police Department's crime map "
    "and your county sheriff publish reported incidents by address.",
    "steering.demographics": "I don't describe who lives in an area. The U.S. Census Bureau "
    "(data.census.gov) publishes neighborhood statistics if you'd like to look.",
    "steering.religion": "I can't describe neighborhoods that way, but a map search will show places of worship "
    "near any home you like.",
    "decline.renting": "Thanks for reaching out! We help people buy and sell homes, so rentals aren't something "
    "I can help with. If buying ever makes sense, I'm here.",
    "decline.vendor": "Thanks, I'll pass your note along to our office. I only help home buyers and sellers here.",
    "decline.not_in_market": "No problem at all. If you ever think about buying or selling, just text me.",
    "soft_close": "No problem. I'm here whenever you have questions about buying or selling.",
    "ack.gentle": "Thank you for telling me.",
    "seller.walkthrough": "Great, I'll have one of our listing agents reach out to set up the walkthrough.",
    "handoff.hot_lead.summary": "You're all set for homes in {area} up to {budget}. One of our agents will reach "
    "out {when} to take it from here.",
    "after_handoff.about": "Thanks, I've passed your question about {topic} on to your agent, who will reply {when}.",
    "austin_area": "the Austin area",
    "safe_fallback": "Thanks! One of our agents will follow up with details.",
    # The Buyer bot.
    "consultation.fee": "If you'd like a full consultation with your agent first, you can reserve it here "
    "({amount}): {url}",
    "buyer.showing": "Great! I'll have an agent set up showings in {area} and confirm a time with you today.",
    "buyer.no_match": "Nothing in {area} matches that exactly right now. Would a slightly higher budget or a "
    "nearby area work? I'll also watch for new listings.",
    "buyer.matches.one": "Here is 1 home in {area} that fits: {lines}.",
    "buyer.matches.many": "Here are {count} homes in {area} that fit: {lines}.",
    "buyer.tour.one": "Want to tour it?",
    "buyer.tour.many": "Want to tour any?",
    "listing.line": "{address} {price} {beds}/{baths} {per_sqft}/sf {link}",
    "seller.no_comps": "I couldn't find enough recent sales like yours; one of our listing agents can prepare "
    "a full CMA for you.",
    "seller.estimate": "Recent sales like yours point to a range of roughly {low}-{high}, based on {comps}.",
    "seller.comp": "{address} ({adjusted} for your size)",
    "seller.size": "{sqft} sq ft",
    "seller.size.beds": "{sqft} sq ft, {beds} bd",
    "seller.found_record": "I found {address} in the MLS records ({size}). ",
    # Market questions, answered from the marts with the period they cover.
    "market.summary": "In {area}, {sold} sold in {period} at a median {price} ({per_sqft}/sq ft, {days} days on "
    "market). {active} for sale now.",
    "market.period": "the last {months} months (to {month} {day})",
    "months": "Jan,Feb,Mar,Apr,May,Jun,Jul,Aug,Sep,Oct,Nov,Dec",
    "market.sold.one": "1 home",
    "market.sold.many": "{count} homes",
    "market.active.one": "1 home is",
    "market.active.many": "{count} homes are",
    "market.no_sales": "I don't see closed sales in {area} for {period} in our MLS data; one of our agents can "
    "pull a fuller picture.",
    "buyer.lender_intro": "Happy to. One of our agents will send you a trusted lender's details {when}.",
    "buyer.lender": "A pre-approval comes before touring: want one of our agents to introduce you to a trusted lender?",
    "market.which_area": "Happy to share market figures. Which city or ZIP should I look at?",
    "market.rent": "I don't have rent figures for {area}: our data covers home sales. I can share what homes there "
    "sell for, and one of our agents can pull rental comps for you.",
    "market.unavailable": "I can't reach our market data right now; one of our agents can share the latest figures.",
    "listing.price": "listed at {price}",
    "listing.rooms": "{beds} bd/{baths} ba",
    "listing.size": "{sqft} sq ft",
    "listing.built": "built {year}",
    "listing.lot": "{acres} acres",
    "listing.days": "{days} days on market",
    "listing.reduced": "price reduced",
    "listing.beyond": "The list I sent had {count}; which street is the one you mean? I'll look it up.",
    "listing.available": "Yes, {address} is still for sale.",
    "listing.gone": "That home is no longer listed for sale; I can look for similar ones.",
    "listing.defer": "Good question. The MLS record doesn't cover the {detail}, so I'll have an agent confirm it "
    "for you.",
    # Notices the law asks for (ehub.privacy.notices): the brokerage and its TREC license in the first
    # message, and every email's footer (CAN-SPAM: postal address, unsubscribe). The same in every style.
    "notice.intro": "Hi! I'm Jorge, an AI assistant for {broker_name} (TREC license #{broker_license}). ",
    "notice.intro.concise": "Jorge here, AI assistant for {broker_name} (TREC lic. #{broker_license}). ",
    "notice.identity.short": "{broker_name}, TREC lic. #{broker_license}",
    "notice.email.identity": "{broker_name}, TREC license #{broker_license}. {broker_address}",
    "notice.email.iabs": "Texas law asks us to share two notices: Information About Brokerage Services "
    "{iabs_url} and the Consumer Protection Notice {cpn_url}",
    "notice.email.unsubscribe": "To stop getting emails from us, unsubscribe here: {unsubscribe_url}",
    # Bookings (ehub.bots.booking): free slots of the agent's calendar, in Austin time.
    "booking.offer": "I can book a {what} with your agent. Reply 1, 2 or 3: {slots}",
    "booking.showing": "showing",
    "booking.walkthrough": "listing walkthrough",
    "booking.slot": "{day} {month}/{date} {hour12}:{minute} {ampm}",
    "booking.booked": "You're booked: {slot} (Austin time). Your agent will confirm. Reply RESCHEDULE or "
    '"cancel my appointment" to change it.',
    "booking.moved": "Done, your appointment is now {slot} (Austin time). Your agent has the new time.",
    "booking.cancelled": "Your appointment is cancelled. Reply any time if you'd like to pick a new one.",
    "booking.refused": "Sorry, that time was just taken.",
    "booking.none": "I couldn't find an open time this week; your agent will reach out with a few options.",
    "weekday.0": "Mon",
    "weekday.1": "Tue",
    "weekday.2": "Wed",
    "weekday.3": "Thu",
    "weekday.4": "Fri",
    "weekday.5": "Sat",
    "weekday.6": "Sun",
    # Nurture (ehub.bots.nurture): follow-ups to a quiet lead, signed with the brokerage and its TREC
    # license (advertising), each ending with how to stop them.
    "nurture.follow_up.1": "Hi, it's Jorge again. Any questions about homes in {area} since we talked? I'm happy "
    "to send a few listings or recent prices.",
    "nurture.follow_up.2": "Still thinking about {area}? I can send new listings as they come up; just tell me "
    "what matters most to you in a home.",
    "nurture.follow_up.3": "A quick check-in from Jorge: would a short call with one of our agents about {area} "
    "help? Reply with a good time.",
    "nurture.follow_up.4": "New homes come on the market in {area} every week. Want me to send a few that match "
    "what you told me?",
    "nurture.follow_up.5": "Whenever you're ready to look at homes in {area}, just reply here. I'll send a short "
    "market update each month.",
    "nurture.market_update": "Your monthly market update{band}: {summary}",
    "nurture.band": " for homes {range}",
    "nurture.band.all": "",
    "nurture.stop": "Reply STOP to opt out.",
    # The web widget's panel (bot_api/widget): labels, the AI disclosure, TCPA consent, notices.
    "widget.title": "Chat with Jorge",
    "widget.open": "Chat with Jorge, our AI assistant",
    "widget.close": "Close the chat",
    "widget.disclosure": "Jorge is an AI assistant for {broker_name}, not a person. Ask for an agent any time "
    "and a licensed agent will take over.",
    "widget.log": "Conversation with Jorge",
    "widget.you": "You",
    "widget.jorge": "Jorge",
    "widget.message": "Your message",
    "widget.placeholder": "Ask about homes, prices or selling",
    "widget.send": "Send",
    "widget.replying": "Jorge is replying.",
    "widget.contact": "Share how to reach you (optional)",
    "widget.name": "Name",
    "widget.phone": "Mobile phone",
    "widget.email": "Email",
    "widget.consent": "I agree that {broker_name} and its agents may call and text me at this number, including "
    "by automated means, about buying or selling a home.",
    "widget.consent.terms": "Consent is not a condition of any purchase. Message and data rates may apply. "
    "Reply STOP to opt out at any time.",
    "widget.consent_needed": "Please tick the consent box before sharing a phone number, or leave it empty.",
    "widget.rate_limited": "You're sending messages faster than I can answer. Please try again in {seconds} "
    "seconds; your message is still here.",
    "widget.failed": "That message didn't go through. Please try again in a moment; it is still here.",
    "widget.restarted": "Our earlier chat has ended, so this starts a new one.",
    "widget.listings": "Homes Jorge found",
    "widget.notices": "Texas real estate notices",
    "widget.iabs": "Information About Brokerage Services",
    "widget.cpn": "Consumer Protection Notice",
}
