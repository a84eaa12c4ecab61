-- Bot Performance & Compliance: what the Lead, Buyer and Seller bots did (the bot service's own
-- records) per bot, experiment variant and week (Monday start): volume, response time to delivery
-- (daily medians averaged), and qualification, handoff and opt-out rates re-derived from the summed
-- counts over conversations (README, Definitions).
select
    bot,
    experiment_variant,
    cast(date_trunc('week', activity_date) as date) as week_start,
    sum(conversations) as conversations,
    sum(messages) as messages,
    avg(cast(median_response_seconds as double precision)) as mean_daily_median_response_seconds,
    max(p90_response_seconds) as worst_daily_p90_response_seconds,
    sum(leads_qualified) as leads_qualified,
    cast(sum(leads_qualified) as double precision) / nullif(sum(conversations), 0) as qualification_rate,
    cast(sum(handoffs) as double precision) / nullif(sum(conversations), 0) as handoff_rate,
    cast(sum(opt_outs) as double precision) / nullif(sum(conversations), 0) as opt_out_rate
from marts.bot_performance_daily
group by bot, experiment_variant, cast(date_trunc('week', activity_date) as date)
order by bot, experiment_variant, week_start
