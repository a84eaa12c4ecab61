{#- Consultation-fee revenue per Austin month of payment, net of refunds (failed charges excluded),
    by the lead's source, assigned agent, bot and variant (README, Definitions: "Revenue").
    Payments whose lead is unknown are kept under 'Unattributed'. -#}

with

payments as (

    select * from {{ ref('int_lead_events_unioned') }}
    where event_type = 'payment'

),

leads as (

    select * from {{ ref('int_leads_owned') }}

),

final as (

    select
        payments.paid_month,
        coalesce(leads.lead_source, 'Unattributed') as lead_source,
        coalesce(leads.assigned_agent_id, 'unassigned') as assigned_agent_id,
        coalesce(leads.bot, 'none') as bot,
        coalesce(leads.experiment_variant, 'none') as experiment_variant,
        count(*)::integer as payments,
        count(distinct payments.lead_id)::integer as paying_leads,
        sum(payments.gross_usd)::numeric(14, 2) as gross_revenue_usd,
        sum(payments.refunded_usd)::numeric(14, 2) as refunds_usd,
        sum(payments.net_usd)::numeric(14, 2) as net_revenue_usd
    from payments
    left join leads on payments.lead_id = leads.lead_id
    group by 1, 2, 3, 4, 5

)

select * from final
