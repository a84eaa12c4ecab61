{#- Consultation-fee revenue per month of payment, net of refunds (failed charges excluded), by the
    lead's source, assigned agent, bot and experiment variant. Payments whose lead is unknown are
    kept under 'Unattributed'. -#}

with

payments as (

    select * from {{ ref('int_payments_netted') }}

),

leads as (

    select * from {{ ref('dim_leads') }}

),

final as (

    select
        payments.paid_month,
        coalesce(leads.lead_source, 'Unattributed') as lead_source,
        coalesce(leads.assigned_agent_id, 'unassigned') as assigned_agent_id,
        coalesce(leads.bot, 'none') as bot,
        coalesce(leads.experiment_variant, 'none') as experiment_variant,
        count(*)::integer as payments,
        count(distinct payments.contact_id)::integer as paying_leads,
        sum(payments.gross_usd)::numeric(14, 2) as gross_revenue_usd,
        sum(payments.refunded_usd)::numeric(14, 2) as refunds_usd,
        sum(payments.net_usd)::numeric(14, 2) as net_revenue_usd
    from payments
    left join leads on payments.contact_id = leads.contact_id
    group by 1, 2, 3, 4, 5

)

select * from final
