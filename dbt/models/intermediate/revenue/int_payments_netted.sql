{#- Each successful charge with its refunds netted off; failed charges are not revenue.
    Months are Austin (America/Chicago) months. A refund is counted against the charge it refunds,
    in the charge's month, so a month's net revenue is what its payments finally came to. The lead
    is the CRM contact metadata.ghl_contact_id names, else the lead of the bot-service lead
    metadata.lead_id names (README, Definitions: "Revenue"). -#}

with

charges as (

    select * from {{ ref('stg_stripe__charges') }}
    where charge_status = 'succeeded' and is_paid and not is_deleted

),

bot_leads as (

    select
        lead_id::text as bot_lead_id,
        ghl_contact_id
    from {{ ref('stg_app__leads') }}

),

refunds as (

    select
        charge_id,
        sum(amount_usd) as refunded_usd,
        max(created_at) as last_refunded_at
    from {{ ref('stg_stripe__refunds') }}
    where refund_status = 'succeeded'
    group by charge_id

),

final as (

    select
        charges.charge_id,
        coalesce(charges.contact_id, bot_leads.ghl_contact_id, bot_leads.bot_lead_id) as lead_id,
        charges.product,
        charges.created_at as paid_at,
        {{ austin_date('charges.created_at', 'month') }} as paid_month,
        charges.amount_usd as gross_usd,
        greatest(coalesce(refunds.refunded_usd, 0), charges.amount_refunded_usd) as refunded_usd,
        charges.amount_usd - greatest(coalesce(refunds.refunded_usd, 0), charges.amount_refunded_usd) as net_usd,
        refunds.last_refunded_at
    from charges
    left join refunds on charges.charge_id = refunds.charge_id
    left join bot_leads on charges.contact_id is null and charges.bot_lead_id = bot_leads.bot_lead_id

)

select * from final
