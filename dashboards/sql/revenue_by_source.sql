-- Revenue & Attribution: net revenue, marketing spend, cost per qualified lead and return on
-- spend per lead source over the whole period.
with revenue as (
    select
        lead_source,
        sum(payments) as payments,
        sum(gross_revenue_usd) as gross_revenue_usd,
        sum(refunds_usd) as refunds_usd,
        sum(net_revenue_usd) as net_revenue_usd
    from marts.revenue_attribution_monthly
    group by lead_source
),

spend as (
    select
        lead_source,
        sum(spend_usd) as spend_usd,
        sum(qualified_leads) as qualified_leads
    from marts.cost_per_qualified_lead
    group by lead_source
)

select
    coalesce(r.lead_source, s.lead_source) as lead_source,
    coalesce(r.payments, 0) as payments,
    coalesce(r.gross_revenue_usd, 0) as gross_revenue_usd,
    coalesce(r.refunds_usd, 0) as refunds_usd,
    coalesce(r.net_revenue_usd, 0) as net_revenue_usd,
    coalesce(s.spend_usd, 0) as spend_usd,
    coalesce(s.qualified_leads, 0) as qualified_leads,
    cast(s.spend_usd as double precision) / nullif(s.qualified_leads, 0) as cost_per_qualified_lead_usd,
    cast(r.net_revenue_usd as double precision) / nullif(s.spend_usd, 0) as net_revenue_per_spend_usd
from revenue as r
full outer join spend as s on r.lead_source = s.lead_source
order by net_revenue_usd desc, lead_source
