"""An independent recomputation of every mart figure from the raw tables, written from README
"Definitions" alone.

Plain SQL over what the platform lands (`raw.*`), what the bot service and the core engine record
(`app.*`) and the marketing-spend seed file, sharing no code, macro or SQL with the dbt project: a
mistake in either shows up as a mismatch. The one thing the raw tables cannot say is which CRM
stages an opportunity passed between two syncs, so the test keeps its own history of what each
sync showed (`capture_stage_history`), as the platform does.

Each check pairs a query over the raw tables with the same figures read from a mart; the test
requires both to return exactly the same rows.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import psycopg

from ehub.paths import DBT_PROJECT_DIR

AUSTIN = "America/Chicago"
SPEND_SEED = DBT_PROJECT_DIR / "seeds" / "marketing_spend.csv"

# -- the feed, restated ------------------------------------------------------------------------

_LISTINGS = """
    create temporary table x_listings as
    select
        listing_key,
        _deleted as is_deleted,
        standard_status as status,
        payload ->> 'City' as city,
        payload ->> 'SubdivisionName' as subdivision,
        payload ->> 'PostalCode' as zip,
        payload ->> 'PropertySubType' as sub_type,
        (payload ->> 'Latitude')::float8 as lat,
        (payload ->> 'Longitude')::float8 as lon,
        (payload ->> 'ListPrice')::numeric as list_price,
        (payload ->> 'OriginalListPrice')::numeric as original_price,
        (payload ->> 'ClosePrice')::numeric as close_price,
        (payload ->> 'LivingArea')::numeric as living_area,
        (payload ->> 'BedroomsTotal')::int as beds,
        (payload ->> 'BathroomsTotalInteger')::int as baths,
        (payload ->> 'YearBuilt')::int as year_built,
        (payload ->> 'LotSizeAcres')::numeric as lot_acres,
        (payload ->> 'DaysOnMarket')::int as dom,
        (payload ->> 'CumulativeDaysOnMarket')::int as cdom,
        (payload ->> 'ListingContractDate')::date as listed_on,
        (payload ->> 'OffMarketDate')::date as off_on,
        (payload ->> 'CloseDate')::date as closed_on,
        _source_modified_at as modified_at
    from raw.mls_properties;
    create temporary table x_feed as
    select (max(modified_at) at time zone 'America/Chicago')::date as as_of from x_listings;
    create temporary table x_banded as
    select
        l.*,
        not l.is_deleted and l.listed_on is not null and l.status <> 'ComingSoon' as in_market,
        not l.is_deleted and l.status = 'Active' as active,
        not l.is_deleted and l.status = 'Closed' and l.closed_on is not null and l.close_price > 0 as sold,
        case when l.list_price >= 1000000 then 'luxury' when l.list_price >= 500000 then 'mid'
             when l.list_price >= 300000 then 'entry' when l.list_price is not null then 'below_entry' end as list_band,
        case when l.close_price >= 1000000 then 'luxury' when l.close_price >= 500000 then 'mid'
             when l.close_price >= 300000 then 'entry' when l.close_price is not null then 'below_entry' end
            as close_band,
        x_feed.as_of
    from x_listings as l cross join x_feed;
    create temporary table x_areas as
    select 'city' as area_type, city as area, * from x_banded where (in_market or sold) and city is not null
    union all
    select 'subdivision', subdivision, * from x_banded where (in_market or sold) and subdivision is not null
    union all
    select 'zip', zip, * from x_banded where (in_market or sold) and zip is not null;
    create temporary table x_cells as
    with first_month as (select date_trunc('month', min(listed_on))::date as m from x_areas),
    area_bands as (
        select area_type, area, list_band as band from x_areas where in_market and list_band is not null
        union
        select area_type, area, close_band from x_areas where sold
    )
    select a.area_type, a.area, a.band, month::date as month, (month + interval '1 month - 1 day')::date as month_end,
           first_month.m as first_month
    from area_bands as a cross join first_month cross join x_feed
    cross join generate_series(first_month.m, date_trunc('month', x_feed.as_of), interval '1 month') as month;
"""

MARKET_CELLS = """
    with inventory as (
        select c.area_type, c.area, c.band, c.month,
               count(*) filter (where x.listed_on <= c.month_end and (x.off_on is null or x.off_on > c.month_end))
                   as active,
               count(*) filter (where x.listed_on <= c.month_end and (x.off_on is null or x.off_on > c.month_end)
                                and x.list_price < x.original_price) as reduced,
               count(*) filter (where date_trunc('month', x.listed_on) = c.month) as new,
               count(*) filter (where date_trunc('month', x.off_on) = c.month
                                and x.status in ('Pending', 'ActiveUnderContract', 'Closed')) as pending
        from x_cells as c
        join x_areas as x on x.area_type = c.area_type and x.area = c.area and x.list_band = c.band and x.in_market
        group by 1, 2, 3, 4
    ),
    sales as (
        select c.area_type, c.area, c.band, c.month,
               count(*) filter (where x.closed_on between c.month and c.month_end) as closed,
               count(*) filter (where x.closed_on between (c.month - interval '5 months')::date and c.month_end)
                   as closed_in_six_months,
               round(percentile_cont(0.5) within group (order by x.close_price)
                   filter (where x.closed_on between c.month and c.month_end)::numeric, 2) as median_price,
               round(avg(x.close_price) filter (where x.closed_on between c.month and c.month_end), 2) as mean_price,
               round(percentile_cont(0.5) within group (order by x.close_price / nullif(x.living_area, 0))
                   filter (where x.closed_on between c.month and c.month_end)::numeric, 2) as median_ppsf,
               round(percentile_cont(0.5) within group (order by x.dom)
                   filter (where x.closed_on between c.month and c.month_end)::numeric, 1) as median_dom,
               round(percentile_cont(0.5) within group (order by x.cdom)
                   filter (where x.closed_on between c.month and c.month_end)::numeric, 1) as median_cdom,
               round(percentile_cont(0.5) within group (order by x.close_price / nullif(x.list_price, 0))
                   filter (where x.closed_on between c.month and c.month_end)::numeric, 4) as sale_to_list
        from x_cells as c
        join x_areas as x on x.area_type = c.area_type and x.area = c.area and x.close_band = c.band and x.sold
        group by 1, 2, 3, 4
    )
    select c.area_type, c.area, c.band, c.month::text,
           coalesce(i.active, 0), coalesce(i.new, 0), coalesce(i.pending, 0), coalesce(s.closed, 0),
           s.median_price, s.mean_price, s.median_ppsf, s.median_dom, s.median_cdom, s.sale_to_list,
           round(i.reduced::numeric / nullif(i.active, 0), 4),
           case when c.month >= c.first_month + interval '5 months'
                then round(coalesce(i.active, 0)::numeric * 6 / nullif(s.closed_in_six_months, 0), 2) end
    from x_cells as c
    left join inventory as i using (area_type, area, band, month)
    left join sales as s using (area_type, area, band, month)
"""
MART_CELLS = """
    select area_type, area_name, price_band, month_start::text, active_inventory, new_listings, pending, closed_sales,
           median_close_price, mean_close_price, median_price_per_sqft, median_days_on_market,
           median_cumulative_days_on_market, list_to_sale_ratio, price_reduction_share, months_of_inventory
    from marts.market_area_monthly
"""

ACTIVE_BY_CITY = """
    select city, count(*), round(percentile_cont(0.5) within group (order by list_price)::numeric, 2),
           round(percentile_cont(0.5) within group (order by list_price / nullif(living_area, 0))::numeric, 2),
           round(avg(as_of - listed_on), 1), count(*) filter (where list_price < original_price)
    from x_banded where active group by city
"""
MART_ACTIVE_BY_CITY = """
    select city, active_listings, median_list_price, median_price_per_sqft, avg_days_on_market, price_reduced_listings
    from marts.active_listings_by_area
"""
LISTING_SEARCH = """
    select listing_key, list_band, as_of - listed_on, round(list_price / nullif(living_area, 0), 2)
    from x_banded where active
"""
MART_LISTING_SEARCH = "select listing_key, list_price_band, days_on_market, price_per_sqft from marts.listing_search"
CLOSED_POOL = """
    select listing_key, close_band, closed_on::text, dom from x_banded
    where sold and closed_on > as_of - interval '12 months' and closed_on <= as_of
"""
MART_CLOSED_POOL = "select listing_key, price_band, close_date::text, days_on_market from marts.closed_sales"

# The CMA of a sample of active listings, as of each one's listing date: the sales of the 12 months
# before, same subtype, the near box (or the wide one when it holds fewer than 5), by distance.
CMA_SAMPLE = """
    with subjects as (
        select * from x_banded where active order by md5(listing_key) limit 40
    ),
    candidates as (
        select s.listing_key as subject, p.listing_key as comp, p.close_price, p.living_area, s.living_area as size,
               abs(p.lat - s.lat) <= 0.015 and abs(p.lon - s.lon) <= 0.018
               and p.living_area between s.living_area * 0.75 and s.living_area * 1.33 as near,
               sqrt(((p.lat - s.lat) * 69.0) ^ 2 + ((p.lon - s.lon) * 59.8) ^ 2) as miles,
               ((p.living_area - s.living_area) / s.living_area / 0.10) ^ 2
               + coalesce(p.beds - s.beds, 0) ^ 2 + coalesce(p.baths - s.baths, 0) ^ 2
               + (coalesce(p.year_built - s.year_built, 0) / 10.0) ^ 2
               + (coalesce(p.lot_acres - s.lot_acres, 0) / 0.25) ^ 2
               + ((s.listed_on - p.closed_on) / 182.5) ^ 2 as other_terms
        from subjects as s
        join x_banded as p
          on p.sold and p.sub_type = s.sub_type and p.listing_key <> s.listing_key
         and p.closed_on > s.listed_on - interval '12 months' and p.closed_on <= s.listed_on
         and abs(p.lat - s.lat) <= 0.07 and abs(p.lon - s.lon) <= 0.08
         and p.living_area between s.living_area * 0.65 and s.living_area * 1.5
    ),
    eligible as (
        select *, sqrt(miles ^ 2 + other_terms) as distance,
               count(*) filter (where near) over (partition by subject) as near_count
        from candidates
    ),
    ranked as (
        select *, row_number() over (partition by subject order by distance, comp) as place
        from eligible where near or near_count < 5
    )
    select subject, comp, round((1 / (1 + distance))::numeric, 4), round(round(close_price / living_area, 2) * size, -3)
    from ranked where place <= 5
"""
MART_CMA_SAMPLE = """
    select subject_listing_key, comp_listing_key, similarity, adjusted_price from marts.cma_comps
    where subject_listing_key in (select listing_key from x_banded where active order by md5(listing_key) limit 40)
"""


@dataclass(frozen=True)
class Check:
    name: str
    expected: str  # over raw.*, app.* and the seed
    actual: str  # over marts.*


MARKET_CHECKS = (
    Check("market_area_monthly: every cell, every figure", MARKET_CELLS, MART_CELLS),
    Check("active_listings_by_area", ACTIVE_BY_CITY, MART_ACTIVE_BY_CITY),
    Check("listing_search: membership, band, days on market, $/sqft", LISTING_SEARCH, MART_LISTING_SEARCH),
    Check("closed_sales: the 12-month pool and its bands", CLOSED_POOL, MART_CLOSED_POOL),
)

# -- leads, restated -----------------------------------------------------------------------------

_CAPTURE = """
    create schema if not exists recheck;
    create table if not exists recheck.stage_history (
        opportunity_id text, contact_id text, stage_id text, entered_at timestamptz,
        primary key (opportunity_id, stage_id)
    );
    insert into recheck.stage_history
    select opportunity_id, contact_id, pipeline_stage_id,
           coalesce((payload ->> 'lastStageChangeAt')::timestamptz, _source_modified_at)
    from raw.ghl_opportunities
    where pipeline_stage_id is not null
    on conflict do nothing
"""


def capture_stage_history(url: str) -> None:
    """What this sync shows of each opportunity's stage, kept at its first sighting (the raw layer
    keeps only the current stage)."""
    with psycopg.connect(url) as connection:
        connection.execute(_CAPTURE)


_LEADS = """
    create temporary table x_contacts as
    select
        contact_id, _deleted as is_deleted, coalesce(source, 'Unknown') as source, payload ->> 'assignedTo' as agent,
        (payload ->> 'dateAdded')::timestamptz as created_at, _source_modified_at as modified_at,
        coalesce((payload ->> 'dnd')::boolean, false) as dnd,
        (select max(f ->> 'value') from jsonb_array_elements(coalesce(payload -> 'customFields', '[]')) as f
         where f ->> 'id' = 'cfArea') as crm_area,
        (select max(f ->> 'value') from jsonb_array_elements(coalesce(payload -> 'customFields', '[]')) as f
         where f ->> 'id' = 'cfBudget')::numeric as crm_budget
    from raw.ghl_contacts;
    create temporary table x_bot as
    select l.lead_id, l.ghl_contact_id, coalesce(l.ghl_contact_id, l.lead_id::text) as key, l.channel, l.bot,
           l.variant, l.score, l.temperature, l.opted_out_at, l.state -> 'slots' ->> 'area' as area,
           (l.state -> 'slots' -> 'budget' ->> 'high')::numeric as budget,
           (select min(m.created_at) from app.conversation_messages as m where m.lead_id = l.lead_id)
               as first_message_at
    from app.leads as l;
    create temporary table x_leads as
    select c.contact_id as lead_id, c.contact_id, b.lead_id as bot_lead_id, c.source, c.agent,
           c.created_at as inquiry_at, c.modified_at, c.dnd, c.crm_area, c.crm_budget,
           b.first_message_at as taken_over_at
    from x_contacts as c left join x_bot as b on b.ghl_contact_id = c.contact_id
    where not c.is_deleted
    union all
    select b.key, b.ghl_contact_id, b.lead_id, case when b.channel = 'web' then 'Web chat' else 'Unknown' end, null,
           b.first_message_at, null, false, null, null, b.first_message_at
    from x_bot as b
    where b.first_message_at is not null
      and not exists (select 1 from x_contacts as c where c.contact_id = b.ghl_contact_id);
    create temporary table x_service as
    select b.key as lead_id, m.message_id, m.direction, m.created_at as at, m.bot || '_bot' as bot, b.variant, m.intent,
           coalesce(m.source_message_id, m.message_id::text) as label_key,
           case when m.direction = 'outbound' and o.outbox_id is null then m.created_at
                when m.direction = 'outbound' and o.status = 'sent' then o.sent_at end as delivered_at
    from app.conversation_messages as m
    join x_bot as b using (lead_id)
    left join app.outbox as o on o.kind = 'message' and (o.detail ->> 'message_id')::bigint = m.message_id;
    create temporary table x_decisions as
    select b.key as lead_id, d.decision_id, d.created_at as at, d.bot || '_bot' as bot, b.variant, d.intent,
           d.temperature, d.handoff_reason is not null as handoff, cardinality(d.compliance_flags) > 0 as flagged
    from app.bot_decisions as d join x_bot as b using (lead_id)
    where d.intent <> 'crm_event';
    create temporary table x_qualified as
    select distinct on (lead_id) lead_id, at as qualified_at, bot, variant, by_bot
    from (
        select lead_id, at, bot, variant, true as by_bot from x_decisions where temperature = 'hot'
        union all
        select s.contact_id, s.qualified_at, 'none', 'none', false
        from app.lead_scores as s left join x_leads as l on l.lead_id = s.contact_id
        where s.qualified_at is not null and (l.taken_over_at is null or s.qualified_at < l.taken_over_at)
    ) as hot
    order by lead_id, at, by_bot, bot;
    create temporary table x_entries as
    select h.contact_id as lead_id, lower(stage ->> 'name') as stage, h.entered_at
    from recheck.stage_history as h
    join raw.ghl_opportunities as o on o.opportunity_id = h.opportunity_id and not o._deleted
    join raw.ghl_pipelines as p on true
    cross join jsonb_array_elements(p.payload -> 'stages') as stage
    where stage ->> 'id' = h.stage_id
    union all
    select contact_id, case when status = 'won' then 'closed won' else 'lost' end,
           (payload ->> 'lastStatusChangeAt')::timestamptz
    from raw.ghl_opportunities where not _deleted and status in ('won', 'lost', 'abandoned')
    union all  -- the bots' bookings, when GoHighLevel confirmed them
    select coalesce(l.ghl_contact_id, l.lead_id::text), 'appointment set', a.booked_at
    from app.appointments as a join app.leads as l using (lead_id) where a.booked_at is not null;
    create temporary table x_funnel as
    with crm_outbound as (
        select m.contact_id as lead_id, min(m._source_modified_at) as first_at
        from raw.ghl_messages as m join x_leads as l on l.lead_id = m.contact_id
        where not m._deleted and m.direction = 'outbound'
          and (l.taken_over_at is null or m._source_modified_at < l.taken_over_at)
        group by 1
    ),
    last_messages as (
        select lead_id, max(at) as last_at from (
            select m.contact_id as lead_id, m._source_modified_at as at
            from raw.ghl_messages as m join x_leads as l on l.lead_id = m.contact_id
            where not m._deleted and (l.taken_over_at is null or m._source_modified_at < l.taken_over_at)
            union all
            select lead_id, at from x_service
        ) as messages group by 1
    ),
    reached as (
        select lead_id,
               min(entered_at) filter (where stage = 'contacted') as crm_contacted,
               min(entered_at) filter (where stage = 'appointment set') as appointment_at,
               min(entered_at) filter (where stage = 'under contract') as under_contract_at,
               min(entered_at) filter (where stage = 'closed won') as closed_won_at,
               min(entered_at) filter (where stage = 'lost') as lost_at,
               max(case stage when 'contacted' then 2 when 'qualified' then 3 when 'appointment set' then 4
                              when 'under contract' then 5 when 'closed won' then 6 else 1 end) as furthest
        from x_entries group by 1
    ),
    times as (
        select l.*, q.qualified_at, r.appointment_at, r.under_contract_at, r.closed_won_at, r.lost_at,
               coalesce(r.furthest, 1) as furthest,
               least(o.first_at, (select min(s.delivered_at) from x_service as s
                                  where s.lead_id = l.lead_id and s.direction = 'outbound'), r.crm_contacted)
                   as contacted_at,
               greatest(l.modified_at, lm.last_at, l.taken_over_at) as last_activity_at
        from x_leads as l
        left join x_qualified as q using (lead_id)
        left join reached as r using (lead_id)
        left join crm_outbound as o using (lead_id)
        left join last_messages as lm using (lead_id)
    )
    select t.*,
           t.contacted_at is not null or t.furthest >= 2 as is_contacted,
           t.qualified_at is not null as is_qualified,
           t.appointment_at is not null or t.furthest >= 4 as is_appointment,
           t.under_contract_at is not null or t.furthest >= 5 as is_under_contract,
           t.closed_won_at is not null as is_closed_won,
           t.lost_at is not null as is_lost,
           case when t.contacted_at >= t.inquiry_at
                then round(extract(epoch from t.contacted_at - t.inquiry_at) / 60, 1) end as minutes_to_contact,
           case when t.qualified_at >= t.contacted_at
                then round(extract(epoch from t.qualified_at - t.contacted_at) / 3600, 1) end as hours_to_qualified,
           case when t.appointment_at >= t.qualified_at
                then round(extract(epoch from t.appointment_at - t.qualified_at) / 3600, 1) end as hours_to_appointment,
           coalesce(t.qualified_at < t.contacted_at, false) as qualified_first,
           coalesce(t.appointment_at < t.qualified_at, false) as appointment_first
    from times as t;
    create temporary table x_people as
    select f.*, case when f.taken_over_at is null then 'crm' else 'bot_service' end as owned_by,
           case when f.taken_over_at is null then coalesce(s.slots ->> 'area', f.crm_area)
                else coalesce(b.area, f.crm_area) end as area,
           case when f.taken_over_at is null then coalesce((s.slots -> 'budget' ->> 'high')::numeric, f.crm_budget)
                else coalesce(b.budget, f.crm_budget) end as budget,
           case when f.taken_over_at is null then 'none' else b.bot || '_bot' end as bot,
           case when f.taken_over_at is null then 'none' else b.variant end as variant,
           case when f.taken_over_at is null then coalesce(s.score, 1.0) else b.score end as score,
           case when f.taken_over_at is null then coalesce(s.temperature, 'cold') else b.temperature end as temperature,
           case when f.taken_over_at is null then s.primary_intent
                else (select d.intent from x_decisions as d where d.lead_id = f.lead_id
                      order by d.intent in ('buyer_intent', 'seller_intent') desc, d.at desc, d.decision_id desc
                      limit 1) end as primary_intent,
           f.dnd or case when f.taken_over_at is null then s.opted_out_at is not null
                         else b.opted_out_at is not null end as opted_out,
           case when f.taken_over_at is null then s.human_requested_at is not null
                else exists (select 1 from x_decisions as d where d.lead_id = f.lead_id and d.intent = 'human_request')
           end as asked_for_human,
           case when is_closed_won then 'closed_won' when is_lost then 'lost'
                when is_under_contract then 'under_contract' when is_appointment then 'appointment'
                when is_qualified then 'qualified' when is_contacted then 'contacted' else 'inquiry' end as stage
    from x_funnel as f
    left join x_bot as b on b.lead_id = f.bot_lead_id
    left join app.lead_scores as s on s.contact_id = f.contact_id;
    alter table x_people add column band text;
    update x_people set band = case when budget >= 1000000 then 'luxury' when budget >= 500000 then 'mid'
                                    when budget >= 300000 then 'entry' when budget is not null then 'below_entry' end;
    create temporary table x_payments as
    with refunds as (
        select payload ->> 'charge' as charge_id, sum((payload ->> 'amount')::numeric / 100) as refunded
        from raw.stripe_refunds where payload ->> 'status' = 'succeeded' group by 1
    )
    select c.charge_id,
           coalesce(c.payload -> 'metadata' ->> 'ghl_contact_id',
                    (select coalesce(b.ghl_contact_id, b.lead_id::text) from app.leads as b
                     where b.lead_id::text = c.payload -> 'metadata' ->> 'lead_id')) as lead_id,
           date_trunc('month', to_timestamp((c.payload ->> 'created')::bigint) at time zone 'America/Chicago')::date
               as month,
           (c.payload ->> 'amount')::numeric / 100 as gross,
           greatest(coalesce(r.refunded, 0), coalesce((c.payload ->> 'amount_refunded')::numeric, 0) / 100) as refunded
    from raw.stripe_charges as c left join refunds as r using (charge_id)
    where not c._deleted and c.payload ->> 'status' = 'succeeded' and coalesce((c.payload ->> 'paid')::boolean, false);
"""

FUNNEL = """
    select lead_id, contact_id, source, agent, area, band, bot, variant, true, is_contacted, is_qualified,
           is_appointment, is_under_contract, is_closed_won, is_lost, inquiry_at, contacted_at, qualified_at,
           appointment_at, under_contract_at, closed_won_at, lost_at, minutes_to_contact, hours_to_qualified,
           hours_to_appointment, qualified_first, appointment_first
    from x_people
"""
MART_FUNNEL = """
    select lead_id, contact_id, lead_source, assigned_agent_id, area, price_band, bot, experiment_variant, is_inquiry,
           is_contacted, is_qualified, is_appointment, is_under_contract, is_closed_won, is_lost, inquiry_at,
           contacted_at, qualified_at, appointment_at, under_contract_at, closed_won_at, lost_at, minutes_to_contact,
           hours_contacted_to_qualified, hours_qualified_to_appointment, is_qualified_before_contacted,
           is_appointment_before_qualified
    from marts.fct_lead_funnel
"""
LEADS = """
    select lead_id, contact_id, owned_by, source, agent, area, round(budget, 2), band, stage, score, temperature,
           primary_intent, bot, variant, opted_out, asked_for_human, inquiry_at, taken_over_at, last_activity_at
    from x_people
"""
MART_LEADS = """
    select lead_id, contact_id, owned_by, lead_source, assigned_agent_id, area, budget_usd, price_band, current_stage,
           lead_score, temperature, primary_intent, bot, experiment_variant, is_opted_out, has_asked_for_human,
           created_at, taken_over_at, last_activity_at
    from marts.dim_leads
"""
PERIODS = """
    with graded as (
        select 'day' as grain, (inquiry_at at time zone 'America/Chicago')::date as period, * from x_people
        union all
        select 'week', date_trunc('week', inquiry_at at time zone 'America/Chicago')::date, * from x_people
    )
    select grain, period, source, coalesce(area, 'Unknown'), coalesce(band, 'unknown'), coalesce(agent, 'unassigned'),
           bot, variant, count(*), count(*) filter (where is_contacted), count(*) filter (where is_qualified),
           count(*) filter (where is_appointment), count(*) filter (where is_under_contract),
           count(*) filter (where is_closed_won), count(*) filter (where is_lost),
           round(count(*) filter (where is_qualified)::numeric / count(*), 4),
           round(count(*) filter (where is_appointment)::numeric / count(*), 4),
           round(count(*) filter (where is_closed_won)::numeric / count(*), 4),
           round(percentile_cont(0.5) within group (order by minutes_to_contact)::numeric, 1),
           round(percentile_cont(0.5) within group (order by hours_to_qualified)::numeric, 1),
           round(percentile_cont(0.5) within group (order by hours_to_appointment)::numeric, 1),
           count(*) filter (where qualified_first), count(*) filter (where appointment_first)
    from graded group by 1, 2, 3, 4, 5, 6, 7, 8
"""
MART_PERIODS = """
    select period_grain, period_start, lead_source, area, price_band, assigned_agent_id, bot, experiment_variant,
           inquiries, contacted, qualified, appointments, under_contract, closed_won, lost, qualified_rate,
           appointment_rate, closed_won_rate, median_minutes_to_contact, median_hours_contacted_to_qualified,
           median_hours_qualified_to_appointment, qualified_before_contacted, appointment_before_qualified
    from marts.lead_funnel_periods
"""
REVENUE = """
    select p.month, coalesce(l.source, 'Unattributed'), coalesce(l.agent, 'unassigned'), coalesce(l.bot, 'none'),
           coalesce(l.variant, 'none'), count(*), count(distinct p.lead_id), round(sum(p.gross), 2),
           round(sum(p.refunded), 2), round(sum(p.gross - p.refunded), 2)
    from x_payments as p left join x_people as l using (lead_id)
    group by 1, 2, 3, 4, 5
"""
MART_REVENUE = """
    select paid_month, lead_source, assigned_agent_id, bot, experiment_variant, payments, paying_leads,
           gross_revenue_usd, refunds_usd, net_revenue_usd
    from marts.revenue_attribution_monthly
"""
COST_PER_QUALIFIED = """
    select s.month, s.source, round(s.spend, 2),
           (select count(*) from x_people as l where l.is_qualified and l.source = s.source
              and date_trunc('month', l.inquiry_at at time zone 'America/Chicago') = s.month),
           round(s.spend / nullif((select count(*) from x_people as l where l.is_qualified and l.source = s.source
              and date_trunc('month', l.inquiry_at at time zone 'America/Chicago') = s.month), 0), 2),
           round(coalesce((select sum(p.gross - p.refunded) from x_payments as p left join x_people as l using (lead_id)
              where p.month = s.month and coalesce(l.source, 'Unattributed') = s.source), 0), 2)
    from x_spend as s cross join x_feed where s.month <= date_trunc('month', x_feed.as_of)
"""
MART_COST_PER_QUALIFIED = """
    select spend_month, lead_source, spend_usd, qualified_leads, cost_per_qualified_lead_usd, net_revenue_usd
    from marts.cost_per_qualified_lead
"""
BOTS = """
    with messages as (
        select (m.at at time zone 'America/Chicago')::date as day, m.*, l.intent as label
        from x_service as m left join app.intent_labels as l on l.message_id = m.label_key
    ),
    daily as (
        select day, bot, variant, count(distinct lead_id) as conversations, count(*) as messages,
               count(*) filter (where direction = 'inbound') as inbound, count(*) filter (where direction = 'outbound')
                   as replies,
               count(label) as labelled, count(label) filter (where label = intent) as correct,
               round(percentile_cont(0.5) within group (order by extract(epoch from delivered_at - at))
                   filter (where direction = 'outbound')::numeric, 1) as median_response,
               round(percentile_cont(0.9) within group (order by extract(epoch from delivered_at - at))
                   filter (where direction = 'outbound')::numeric, 1) as p90_response
        from messages group by 1, 2, 3
    ),
    decided as (
        select (at at time zone 'America/Chicago')::date as day, bot, variant,
               count(distinct lead_id) filter (where handoff) as handoffs,
               count(distinct lead_id) filter (where intent = 'opt_out') as opt_outs,
               count(*) filter (where flagged) as flagged
        from x_decisions group by 1, 2, 3
    ),
    qualified as (
        select (qualified_at at time zone 'America/Chicago')::date as day, bot, variant, count(*) as leads
        from x_qualified where by_bot group by 1, 2, 3
    )
    select d.day, d.bot, d.variant, d.conversations, d.messages, d.inbound, d.replies, d.median_response,
           d.p90_response,
           coalesce(x.handoffs, 0), round(coalesce(x.handoffs, 0)::numeric / d.conversations, 4),
           coalesce(x.opt_outs, 0), round(coalesce(x.opt_outs, 0)::numeric / d.conversations, 4),
           coalesce(q.leads, 0), round(coalesce(q.leads, 0)::numeric / d.conversations, 4), d.labelled,
           round(d.correct::numeric / nullif(d.labelled, 0), 4), coalesce(x.flagged, 0)
    from daily as d left join decided as x using (day, bot, variant) left join qualified as q using (day, bot, variant)
"""
MART_BOTS = """
    select activity_date, bot, experiment_variant, conversations, messages, inbound_messages, bot_messages,
           median_response_seconds, p90_response_seconds, handoffs, handoff_rate, opt_outs, opt_out_rate,
           leads_qualified, qualification_rate, labelled_messages, intent_accuracy, replies_flagged
    from marts.bot_performance_daily
"""

LEAD_CHECKS = (
    Check("fct_lead_funnel: every lead's stages, times, durations and flags", FUNNEL, MART_FUNNEL),
    Check("dim_leads: owner, attributes, bot and variant of every lead", LEADS, MART_LEADS),
    Check("lead_funnel_periods: every period, source, area, band, agent, bot and variant", PERIODS, MART_PERIODS),
    Check("revenue_attribution_monthly: net revenue by month, source, agent, bot, variant", REVENUE, MART_REVENUE),
    Check("cost_per_qualified_lead", COST_PER_QUALIFIED, MART_COST_PER_QUALIFIED),
    Check("bot_performance_daily: every day, bot and variant", BOTS, MART_BOTS),
    Check("cma_comps: a sample of 40 subjects", CMA_SAMPLE, MART_CMA_SAMPLE),
)
CHECKS = MARKET_CHECKS + LEAD_CHECKS


def _spend_rows(path: Path = SPEND_SEED) -> list[tuple[str, str, Decimal]]:
    with path.open(newline="") as handle:
        return [(row["spend_month"], row["lead_source"], Decimal(row["spend_usd"])) for row in csv.DictReader(handle)]


@dataclass(frozen=True)
class Mismatch:
    check: str
    expected_rows: int
    actual_rows: int
    missing: list[tuple]  # expected, not in the mart
    unexpected: list[tuple]  # in the mart, not expected


def reconcile(url: str) -> tuple[dict[str, int], list[Mismatch]]:
    """Every check's rows compared, as multisets; the row counts checked and what differs."""
    checked, mismatches = {}, []
    with psycopg.connect(url) as connection:
        connection.execute(_LISTINGS)
        connection.execute(_LEADS)
        connection.execute("create temporary table x_spend (month date, source text, spend numeric)")
        with connection.cursor().copy("copy x_spend from stdin") as copy:
            for row in _spend_rows():
                copy.write_row(row)
        for check in CHECKS:
            expected = connection.execute(check.expected).fetchall()
            actual = connection.execute(check.actual).fetchall()
            checked[check.name] = len(expected)
            if sorted(map(repr, expected)) != sorted(map(repr, actual)):
                missing = sorted(set(expected) - set(actual), key=repr)
                unexpected = sorted(set(actual) - set(expected), key=repr)
                mismatches.append(Mismatch(check.name, len(expected), len(actual), missing[:5], unexpected[:5]))
    return checked, mismatches
