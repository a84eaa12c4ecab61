-- Lead Funnel: speed to lead per source: median minutes from inquiry to first contact and the
-- share of contacted leads reached within 5 and 60 minutes. The median is over doubles so both
-- engines interpolate the same way (DuckDB keeps a decimal input's scale).
select
    lead_source,
    count(*) as contacted_leads,
    percentile_cont(0.5) within group (order by cast(minutes_to_contact as double precision))
        as median_minutes_to_contact,
    cast(sum(case when minutes_to_contact <= 5 then 1 else 0 end) as double precision) / count(*)
        as share_within_5_minutes,
    cast(sum(case when minutes_to_contact <= 60 then 1 else 0 end) as double precision) / count(*)
        as share_within_60_minutes
from marts.fct_lead_funnel
where is_contacted and minutes_to_contact is not null
group by lead_source
order by median_minutes_to_contact, lead_source
