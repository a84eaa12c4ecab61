-- Lead Funnel: conversion per agent, bot and experiment variant (who turns inquiries into closings).
select
    assigned_agent_id,
    bot,
    experiment_variant,
    sum(inquiries) as inquiries,
    sum(qualified) as qualified,
    sum(appointments) as appointments,
    sum(closed_won) as closed_won,
    cast(sum(qualified) as double precision) / nullif(sum(inquiries), 0) as qualified_rate,
    cast(sum(closed_won) as double precision) / nullif(sum(inquiries), 0) as closed_won_rate
from marts.lead_funnel_periods
where period_grain = 'day'
group by assigned_agent_id, bot, experiment_variant
order by closed_won desc, inquiries desc, assigned_agent_id, bot, experiment_variant
