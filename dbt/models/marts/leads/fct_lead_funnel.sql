with

staged as (

    select * from {{ ref('int_leads_staged') }}

),

leads as (

    select * from {{ ref('dim_leads') }}

),

final as (

    select
        staged.contact_id,
        leads.lead_source,
        leads.assigned_agent_id,
        leads.area,
        leads.price_band,
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
        (extract(epoch from staged.contacted_at - staged.inquiry_at) / 60)::numeric(12, 1) as minutes_to_contact,
        -- A lead can qualify in its first message, before our first reply: that counts as 0 hours.
        (greatest(0, extract(epoch from staged.qualified_at - staged.contacted_at)) / 3600)::numeric(12, 1)
            as hours_contacted_to_qualified,
        (greatest(0, extract(epoch from staged.appointment_at - staged.qualified_at)) / 3600)::numeric(12, 1)
            as hours_qualified_to_appointment

    from staged
    inner join leads on staged.contact_id = leads.contact_id

)

select * from final
