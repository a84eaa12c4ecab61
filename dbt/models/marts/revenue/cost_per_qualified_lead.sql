{#- Marketing spend per lead source and month against the leads that qualified that month (first
    scored >= 7) and the net revenue they brought in. Referral has no spend. -#}

with

spend as (

    select * from {{ ref('marketing_spend') }}

),

qualified as (

    select
        {{ austin_date('qualified_at', 'month') }} as spend_month,
        lead_source,
        count(*) as qualified_leads
    from {{ ref('fct_lead_funnel') }}
    where qualified_at is not null
    group by 1, 2

),

revenue as (

    select
        paid_month as spend_month,
        lead_source,
        sum(net_revenue_usd) as net_revenue_usd
    from {{ ref('revenue_attribution_monthly') }}
    group by 1, 2

),

final as (

    select
        spend.spend_month,
        spend.lead_source,
        spend.spend_usd::numeric(12, 2) as spend_usd,
        coalesce(qualified.qualified_leads, 0)::integer as qualified_leads,
        (spend.spend_usd / nullif(qualified.qualified_leads, 0))::numeric(12, 2) as cost_per_qualified_lead_usd,
        coalesce(revenue.net_revenue_usd, 0)::numeric(14, 2) as net_revenue_usd
    from spend
    left join qualified
        on spend.spend_month = qualified.spend_month and spend.lead_source = qualified.lead_source
    left join revenue
        on spend.spend_month = revenue.spend_month and spend.lead_source = revenue.lead_source
    where spend.spend_month <= date_trunc('month', {{ as_of_date() }})

)

select * from final
