"""Health figures of a raw table, for asset checks and `ehub doctor`."""

from __future__ import annotations

from dataclasses import dataclass

from psycopg import sql

from ehub.db.bulk import only_row, psycopg_connection
from ehub.db.database import Database


@dataclass(frozen=True)
class RawTableHealth:
    live_records: int
    deleted_records: int
    seconds_since_load: float | None
    rejected_last_day: int
    loaded_last_day: int

    @property
    def reject_share(self) -> float:
        return self.rejected_last_day / max(1, self.rejected_last_day + self.loaded_last_day)


def raw_table_health(database: Database, table: str) -> RawTableHealth:
    query = sql.SQL(
        """
        select
            count(*) filter (where not _deleted),
            count(*) filter (where _deleted),
            extract(epoch from now() - max(_loaded_at))::float8,
            (select count(*) from {rejects} where rejected_at > now() - interval '1 day'),
            count(*) filter (where _loaded_at > now() - interval '1 day')
        from {table}
        """
    ).format(table=sql.Identifier("raw", table), rejects=sql.Identifier("raw", f"{table}_rejects"))
    with database.engine.connect() as connection, psycopg_connection(connection).cursor() as cursor:
        cursor.execute(query)
        return RawTableHealth(*only_row(cursor))
