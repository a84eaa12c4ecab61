"""The notices Texas and federal law ask of the brokerage's messages.

- TREC (22 TAC §535.155): the brokerage's name and license number in the first message to each
  lead (the bots' introduction) and in every email's footer; TREC form IABS 1-1 (Information About
  Brokerage Services) and the Consumer Protection Notice linked in the first email to a lead and
  from the website widget (`GET /notices`), never by text message alone.
- CAN-SPAM (15 U.S.C. §7704): every email carries the brokerage's postal address and a working
  unsubscribe link, honoured at once (`GET /unsubscribe?token=…` records it, the outbox sends the
  lead no further email and GoHighLevel gets an `email_unsubscribed` tag).

The values come from settings (`EHUB_BROKERAGE_*`, `EHUB_IABS_URL`, `EHUB_CONSUMER_PROTECTION_URL`,
`EHUB_PUBLIC_URL`), required in production; development shows placeholders that say so. Each process
builds its `Notices` once from the settings it loaded and hands them to the bots (the engine, the
outbox, nurture) and the API: nothing here reads the settings again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Connection, text

from ehub.bots.wording import say
from ehub.crypto import PersonalDataCipher
from ehub.errors import EhubError
from ehub.settings import Settings

UNSUBSCRIBE_LIFETIME = timedelta(days=400)  # CAN-SPAM: working for at least 30 days after sending
_PURPOSE = "email-unsubscribe-v1"
_ALGORITHM = "HS256"
UNSUBSCRIBED_TAG = "email_unsubscribed"
TREC_IABS_FORM = "https://www.trec.texas.gov/forms/information-about-brokerage-services"


class UnsubscribeError(EhubError):
    """A link we never sent (forged, altered or expired): as unknown as any other missing page."""

    error = "not_found"
    code = "UNSUBSCRIBE_INVALID"
    http_status = 404


@dataclass(frozen=True)
class Notices:
    brokerage_name: str
    license_number: str
    postal_address: str
    iabs_url: str
    consumer_protection_url: str
    public_url: str

    @classmethod
    def from_settings(cls, settings: Settings) -> Notices:
        return cls(
            brokerage_name=settings.brokerage_name or "Demo Realty (set EHUB_BROKERAGE_NAME)",
            license_number=settings.brokerage_license or "0000000",
            postal_address=settings.brokerage_address or "(set EHUB_BROKERAGE_ADDRESS), Austin, TX",
            iabs_url=settings.iabs_url or TREC_IABS_FORM,
            consumer_protection_url=settings.consumer_protection_url,
            public_url=settings.public_url or settings.bot_api_base_url,
        )

    def values(self) -> dict[str, str]:
        return {
            "broker_name": self.brokerage_name,
            "broker_license": self.license_number,
            "broker_address": self.postal_address,
            "iabs_url": self.iabs_url,
            "cpn_url": self.consumer_protection_url,
        }

    def intro(self, language: str, variant: str) -> str:
        """The first message's opening: who is writing, for which brokerage, under which license."""
        return say("notice.intro", language, variant, **self.values())

    def public(self) -> dict[str, str]:
        """What the website widget shows beside the chat."""
        return {
            "brokerage_name": self.brokerage_name,
            "license_number": self.license_number,
            "postal_address": self.postal_address,
            "iabs_url": self.iabs_url,
            "consumer_protection_url": self.consumer_protection_url,
        }


# The placeholders alone (the settings' defaults, no environment or .env file read): for what runs
# without a deployment's settings, such as the engine in evaluations and tests.
DEVELOPMENT_NOTICES = Notices.from_settings(Settings.model_construct())


# -- email: the footer and the unsubscribe link -----------------------------------------------------


def unsubscribe_token(cipher: PersonalDataCipher, lead_id: str, now: datetime) -> str:
    import jwt  # with its cryptography backends, a tenth of a second that only emails need

    claims = {"sub": lead_id, "iat": int(now.timestamp()), "exp": int((now + UNSUBSCRIBE_LIFETIME).timestamp())}
    return jwt.encode(claims, cipher.derived_key(_PURPOSE), algorithm=_ALGORITHM)


def unsubscribed_lead(cipher: PersonalDataCipher, token: str) -> str:
    """The lead an unsubscribe link names; `UnsubscribeError` for a forged or expired one."""
    import jwt

    for key in cipher.derived_keys(_PURPOSE):  # links sent before a blind-index key rotation still work
        try:
            claims = jwt.decode(token, key, algorithms=[_ALGORITHM], options={"require": ["sub", "exp"]})
        except jwt.PyJWTError:
            continue
        return str(claims["sub"])
    raise UnsubscribeError("This unsubscribe link is not valid", field="token")


_EMAILED_BEFORE = text("""
    select exists (
        select 1 from app.outbox
        where lead_id = cast(:lead as uuid) and kind = 'message' and detail ->> 'channel' = 'email'
          and status = 'sent' and outbox_id <> :entry
    )
""")


def email_text(
    connection: Connection,
    cipher: PersonalDataCipher,
    notices: Notices,
    *,
    lead_id: str,
    entry_id: int,
    body: str,
    language: str,
    first_queued_at: datetime,
) -> str:
    """An email's text with its footer: the brokerage and license, the postal address, the IABS and
    Consumer Protection links in the lead's first email, and the unsubscribe link. The same entry
    always gets the same text (a retry is recognised in GoHighLevel by its text)."""
    values = notices.values()
    first = not connection.execute(_EMAILED_BEFORE, {"lead": lead_id, "entry": entry_id}).scalar()
    link = f"{notices.public_url}/unsubscribe?token={unsubscribe_token(cipher, lead_id, first_queued_at)}"
    lines = [body.rstrip(), "", "--", say("notice.email.identity", language, **values)]
    if first:
        lines.append(say("notice.email.iabs", language, **values))
    lines.append(say("notice.email.unsubscribe", language, unsubscribe_url=link))
    return "\n".join(lines)
