with

contacts as (

    select * from {{ ref('stg_ghl__contacts') }}
    where not is_deleted

),

scores as (

    select * from {{ ref('stg_app__lead_scores') }}

),

staged as (

    select * from {{ ref('int_leads_staged') }}

),

final as (

    select
        contacts.contact_id,
        contacts.lead_source,
        contacts.assigned_agent_id,
        coalesce(scores.stated_area, contacts.preferred_area) as area,
        coalesce(scores.stated_budget_usd, contacts.stated_budget_usd) as budget_usd,
        {{ price_band('coalesce(scores.stated_budget_usd, contacts.stated_budget_usd)') }} as price_band,
        case
            when staged.is_closed_won then 'closed_won'
            when staged.is_lost then 'lost'
            when staged.is_under_contract then 'under_contract'
            when staged.is_appointment then 'appointment'
            when staged.is_qualified then 'qualified'
            when staged.is_contacted then 'contacted'
            else 'inquiry'
        end as current_stage,
        coalesce(scores.lead_score, 1.0)::numeric(3, 1) as lead_score,
        coalesce(scores.temperature, 'cold') as temperature,
        scores.primary_intent,
        'lead_bot'::text as bot,
        'control'::text as experiment_variant,
        contacts.is_do_not_disturb or scores.opted_out_at is not null as is_opted_out,
        scores.human_requested_at is not null as has_asked_for_human,
        contacts.created_at,
        staged.last_activity_at

    from contacts
    left join scores on contacts.contact_id = scores.contact_id
    left join staged on contacts.contact_id = staged.contact_id

)

select * from final
