"""Replicate the MLS resources into `raw.mls_*`."""

from __future__ import annotations

from ehub.crypto import PersonalDataCipher
from ehub.db.database import Database
from ehub.sources.landing import Entity
from ehub.sources.mls.client import ResoClient
from ehub.sources.mls.entities import PROPERTIES
from ehub.sources.replication import SyncReport, replicate


def sync_resource(
    database: Database,
    client: ResoClient,
    cipher: PersonalDataCipher,
    entity: Entity = PROPERTIES,
    *,
    full_refresh: bool = False,
) -> SyncReport:
    """Fetch what changed in one RESO resource since its cursor (everything on a full refresh)."""
    expand = "Media" if entity is PROPERTIES else None
    return replicate(
        database,
        entity,
        cipher,
        lambda since: client.iter_pages(entity.name, modified_after=since, expand=expand),
        full_refresh=full_refresh,
    )
