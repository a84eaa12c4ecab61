-- Lead Funnel: hot leads still in play (not closed, lost or opted out), best score and most recent
-- activity first: the list an agent works from today.
select
    contact_id,
    lead_source,
    assigned_agent_id,
    area,
    price_band,
    current_stage,
    lead_score,
    primary_intent,
    last_activity_at
from marts.dim_leads
where
    temperature = 'hot'
    and current_stage not in ('closed_won', 'lost')
    and not is_opted_out
order by lead_score desc nulls last, last_activity_at desc nulls last, contact_id
limit 100
