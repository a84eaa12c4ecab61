{#- Marketing spend per lead source and month (the marketing_spend seed, months up to the feed's
    as-of month) against the leads of that source who arrived that month and have qualified (the
    one definition, so these are the funnel's qualified leads by inquiry month), and the source's
    net revenue of the month (README, Definitions: "Revenue"). -#}

with

spend as (

    select * from {{ ref('marketing_spend') }}

),

leads as (

    select * from {{ ref('int_leads_owned') }}

),

qualified as (

    select
        {{ austin_date('leads.inquiry_at', 'month') }} as spend_month,
        leads.lead_source,
        count(*) as qualified_leads
    from {{ ref('int_leads_staged') }} as staged
    inner join leads on staged.lead_id = leads.lead_id
    where staged.is_qualified
    group by 1, 2

),

revenue as (

    select
        payments.paid_month as spend_month,
        coalesce(leads.lead_source, 'Unattributed') as lead_source,
        sum(payments.net_usd) as net_revenue_usd
    from {{ ref('int_lead_events_unioned') }} as payments
    left join leads on payments.lead_id = leads.lead_id
    where payments.event_type = 'payment'
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
