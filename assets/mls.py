"""MLS listings, agents and offices from the RESO Web API (or its sandbox) into `raw.mls_*`."""

from datetime import timedelta

import dagster as dg

from assets.raw_tables import raw_asset, raw_checks
from ehub.sources.factory import mls_client
from ehub.sources.landing import Entity
from ehub.sources.mls.entities import MEMBERS, OFFICES, PROPERTIES
from ehub.sources.mls.sync import sync_resource


def _sync(entity: Entity):  # noqa: ANN202 - returns the Sync callable
    def run(settings, database, cipher, full_refresh):  # noqa: ANN001, ANN202
        with mls_client(settings) as client:
            return sync_resource(database, client, cipher, entity, full_refresh=full_refresh)

    return run


mls_properties = raw_asset(
    PROPERTIES,
    _sync(PROPERTIES),
    description="RESO Property records with inline Media, upserted by ListingKey; deletes flagged, rejects kept.",
)
mls_members = raw_asset(MEMBERS, _sync(MEMBERS), description="RESO Member records (agents); contact details sealed.")
mls_offices = raw_asset(OFFICES, _sync(OFFICES), description="RESO Office records (brokerages).")

ASSETS = [mls_properties, mls_members, mls_offices]
CHECKS = [
    check for entity in (PROPERTIES, MEMBERS, OFFICES) for check in raw_checks(entity, freshness=timedelta(hours=2))
]

defs = dg.Definitions(assets=ASSETS, asset_checks=CHECKS)
