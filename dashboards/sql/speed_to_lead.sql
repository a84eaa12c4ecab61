-- Lead Funnel: speed to lead per source (README, Definitions): leads, leads contacted, the median
-- minutes from inquiry to first contact over the leads with a measured time, and the share of all
-- leads contacted within 5 and within 60 minutes of their inquiry (a lead never contacted was not).
-- The median is over doubles so both engines interpolate the same way (DuckDB keeps a decimal
-- input's scale).
select
    lead_source,
    count(*) as leads,
    sum(case when is_contacted then 1 else 0 end) as contacted_leads,
    percentile_cont(0.5) within group (order by cast(minutes_to_contact as double precision))
        as median_minutes_to_contact,
    cast(sum(case when minutes_to_contact <= 5 then 1 else 0 end) as double precision) / count(*)
        as share_within_5_minutes,
    cast(sum(case when minutes_to_contact <= 60 then 1 else 0 end) as double precision) / count(*)
        as share_within_60_minutes
from marts.fct_lead_funnel
group by lead_source
order by median_minutes_to_contact nulls last, lead_source
