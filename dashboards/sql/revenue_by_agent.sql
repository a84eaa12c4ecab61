-- Revenue & Attribution: net consultation-fee revenue per agent, bot and variant, with payments and
-- refunds, to see who (and which bot variant) brings in paying clients.
select
    assigned_agent_id,
    bot,
    experiment_variant,
    sum(payments) as payments,
    sum(gross_revenue_usd) as gross_revenue_usd,
    sum(refunds_usd) as refunds_usd,
    sum(net_revenue_usd) as net_revenue_usd
from marts.revenue_attribution_monthly
group by assigned_agent_id, bot, experiment_variant
order by net_revenue_usd desc, assigned_agent_id, bot, experiment_variant
