"""An appointment the bots booked reaches the funnel mart: on a copy of the sandbox marts, a bot lead's
booking confirmed by GoHighLevel puts it at the appointment stage at that moment (README,
Definitions), and a refused one does not; the README's own recomputation agrees."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import psycopg
from psycopg import sql
from sqlalchemy import make_url, text

from ehub.db import Database
from tests.conftest import BuiltMarts, drop_database
from tools.runtime import run_dbt

BOOKED = datetime(2026, 11, 20, 16, 5, tzinfo=UTC)


def _copy(built_marts: BuiltMarts, server_admin_url: str) -> str:
    template = make_url(built_marts.url).database
    url = make_url(server_admin_url).set(database=f"ehub_test_{uuid.uuid4().hex[:12]}")
    with psycopg.connect(server_admin_url, autocommit=True) as admin:
        admin.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity where datname = %s and pid <> pg_backend_pid()",
            (template,),
        )
        admin.execute(
            sql.SQL("create database {} template {}").format(sql.Identifier(url.database), sql.Identifier(template))
        )
    return url.render_as_string(hide_password=False)


def test_a_confirmed_booking_is_the_leads_appointment_stage(built_marts: BuiltMarts, server_admin_url: str) -> None:
    url = _copy(built_marts, server_admin_url)
    database = Database(url)
    try:
        with database.engine.begin() as connection:
            booked, refused = connection.execute(
                text("""
                    select leads.lead_id::text, funnel.lead_id as funnel_id
                    from app.leads join marts.fct_lead_funnel as funnel
                        on funnel.lead_id = coalesce(leads.ghl_contact_id, leads.lead_id::text)
                    where not funnel.is_appointment and funnel.inquiry_at < :booked
                    order by leads.created_at limit 2
                """),
                {"booked": BOOKED},
            ).all()
            for lead, status, at in ((booked, "booked", BOOKED), (refused, "refused", None)):
                connection.execute(
                    text("""
                        insert into app.appointments (lead_id, calendar_id, assigned_user_id, starts_at, ends_at,
                                                      status, ghl_event_id, requested_at, booked_at, updated_at)
                        values (cast(:lead as uuid), 'calAustinShowings001', 'usrAgent03Austin00', :start, :end,
                                :status, :event, :requested, :at, :requested)
                    """),
                    {
                        "lead": lead.lead_id,
                        "start": BOOKED + timedelta(days=1),
                        "end": BOOKED + timedelta(days=1, hours=1),
                        "status": status,
                        "event": "ev1" if at else None,
                        "requested": BOOKED - timedelta(seconds=4),
                        "at": at,
                    },
                )
        assert (
            run_dbt(
                built_marts.settings,
                database,
                ["run", "--select", "stg_app__appointments+,+fct_lead_funnel", "--quiet"],
            )
            == 0
        )
        with database.engine.connect() as connection:
            rows = {
                row.lead_id: row
                for row in connection.execute(
                    text("select * from marts.fct_lead_funnel where lead_id in (:a, :b)"),
                    {"a": booked.funnel_id, "b": refused.funnel_id},
                )
            }
        assert rows[booked.funnel_id].is_appointment and rows[booked.funnel_id].appointment_at == BOOKED
        assert rows[refused.funnel_id].appointment_at is None, "a slot GoHighLevel refused is no appointment"
    finally:
        database.dispose()
        drop_database(server_admin_url, url)
