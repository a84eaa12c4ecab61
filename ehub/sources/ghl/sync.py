"""Replicate GoHighLevel into `raw.ghl_*`.

Contacts and conversations are incremental (by `dateUpdated` and last-message date). Opportunities
and pipelines are re-read whole each time: the API offers no modified-since filter for them, and the
merge keeps unchanged rows untouched. Messages follow conversations with their own cursor: every
conversation whose last message is newer than it gets its new messages fetched, so a run that dies
between the two re-fetches them next time.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import text

from ehub.crypto import PersonalDataCipher
from ehub.db.database import Database
from ehub.sources.ghl.client import GhlClient
from ehub.sources.ghl.entities import CONTACTS, CONVERSATIONS, MESSAGES, OPPORTUNITIES, PIPELINES
from ehub.sources.landing import Record
from ehub.sources.replication import SyncReport, replicate

MESSAGES_PER_PAGE = 500


def sync_contacts(
    database: Database, client: GhlClient, cipher: PersonalDataCipher, *, full_refresh: bool = False
) -> SyncReport:
    return replicate(
        database, CONTACTS, cipher, lambda since: client.search_contacts(updated_after=since), full_refresh=full_refresh
    )


def sync_opportunities(
    database: Database, client: GhlClient, cipher: PersonalDataCipher, *, full_refresh: bool = False
) -> SyncReport:
    return replicate(database, OPPORTUNITIES, cipher, lambda _: client.iter_opportunities(), full_refresh=full_refresh)


def sync_pipelines(
    database: Database, client: GhlClient, cipher: PersonalDataCipher, *, full_refresh: bool = False
) -> SyncReport:
    return replicate(database, PIPELINES, cipher, lambda _: [client.pipelines()], full_refresh=full_refresh)


def sync_conversations(
    database: Database, client: GhlClient, cipher: PersonalDataCipher, *, full_refresh: bool = False
) -> SyncReport:
    return replicate(
        database,
        CONVERSATIONS,
        cipher,
        lambda since: client.iter_conversations(last_message_after=since),
        full_refresh=full_refresh,
    )


def _changed_conversations(database: Database, since: datetime | None) -> list[str]:
    with database.engine.connect() as connection:
        return list(
            connection.execute(
                text(
                    # An erased person's conversation keeps a pseudonym GHL never heard of (ehub.privacy.erase).
                    "select conversation_id from raw.ghl_conversations "
                    "where (cast(:since as timestamptz) is null or _source_modified_at > :since) "
                    "and conversation_id not like 'erased\\_%' "
                    "order by _source_modified_at"
                ),
                {"since": since},
            ).scalars()
        )


def sync_messages(
    database: Database, client: GhlClient, cipher: PersonalDataCipher, *, full_refresh: bool = False
) -> SyncReport:
    """New messages of every conversation that changed since the messages cursor."""

    def fetch(since: datetime | None) -> Iterator[list[Record]]:
        page: list[Record] = []
        for conversation_id in _changed_conversations(database, since):
            page.extend(client.iter_messages(conversation_id, newer_than=since))
            if len(page) >= MESSAGES_PER_PAGE:
                yield page
                page = []
        if page:
            yield page

    return replicate(database, MESSAGES, cipher, fetch, full_refresh=full_refresh)
