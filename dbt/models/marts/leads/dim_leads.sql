{#- One row per lead: where it came from, who owns it, what its owner's scoring says, where it
    stands in the funnel (README, Definitions: "Leads and their owner"). No personal data. -#}

with

leads as (

    select * from {{ ref('int_leads_owned') }}

),

staged as (

    select * from {{ ref('int_leads_staged') }}

),

final as (

    select
        leads.lead_id,
        leads.contact_id,
        leads.owned_by,
        leads.lead_source,
        leads.assigned_agent_id,
        leads.area,
        leads.budget_usd::numeric(14, 2) as budget_usd,
        {{ price_band('leads.budget_usd') }} as price_band,
        staged.current_stage,
        leads.lead_score::numeric(3, 1) as lead_score,
        leads.temperature,
        leads.primary_intent,
        leads.bot,
        leads.experiment_variant,
        leads.is_opted_out,
        leads.has_asked_for_human,
        leads.inquiry_at as created_at,
        leads.taken_over_at,
        staged.last_activity_at
    from leads
    inner join staged on leads.lead_id = staged.lead_id

)

select * from final
