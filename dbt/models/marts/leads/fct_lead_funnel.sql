{#- One row per lead with when it reached each funnel stage and the time between stages (README,
    Definitions: "The funnel"). Qualified is the one definition: the first hot score. Paid: the lead
    has a payment not wholly refunded (README, Definitions: "Revenue"). -#}

with

leads as (

    select * from {{ ref('int_leads_owned') }}

),

staged as (

    select * from {{ ref('int_leads_staged') }}

),

payments as (

    select
        lead_id,
        min(occurred_at) filter (where net_usd > 0) as first_paid_at,
        sum(net_usd) as net_paid_usd
    from {{ ref('int_lead_events_unioned') }}
    where event_type = 'payment'
    group by lead_id

),

final as (

    select
        staged.lead_id,
        leads.contact_id,
        leads.lead_source,
        leads.assigned_agent_id,
        leads.area,
        {{ price_band('leads.budget_usd') }} as price_band,
        leads.bot,
        leads.experiment_variant,
        staged.is_inquiry,
        staged.is_contacted,
        staged.is_qualified,
        staged.is_appointment,
        staged.is_under_contract,
        staged.is_closed_won,
        staged.is_lost,
        staged.inquiry_at,
        staged.contacted_at,
        staged.qualified_at,
        staged.appointment_at,
        staged.under_contract_at,
        staged.closed_won_at,
        staged.lost_at,
        staged.minutes_to_contact::numeric(12, 1) as minutes_to_contact,
        staged.hours_contacted_to_qualified::numeric(12, 1) as hours_contacted_to_qualified,
        staged.hours_qualified_to_appointment::numeric(12, 1) as hours_qualified_to_appointment,
        staged.is_qualified_before_contacted,
        staged.is_appointment_before_qualified,
        payments.first_paid_at is not null as is_paid,
        payments.first_paid_at,
        coalesce(payments.net_paid_usd, 0)::numeric(14, 2) as net_paid_usd
    from staged
    inner join leads on staged.lead_id = leads.lead_id
    left join payments on staged.lead_id = payments.lead_id

)

select * from final
