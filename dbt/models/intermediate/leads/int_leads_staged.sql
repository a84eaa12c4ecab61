{#- When each lead reached each funnel stage.
    inquiry: the contact was created. contacted: our first outbound message.
    qualified: the first moment the one scoring model scored the lead >= 7, or the CRM stage
    Qualified, whichever came first. appointment / under_contract: the CRM stages.
    closed_won / lost: the opportunity's status (abandoned counts as lost).
    A stage reached implies every earlier stage was reached, even when its time is unknown
    (skipped in the CRM, or passed between two syncs); a stage entered twice counts once, at its
    first entry. -#}

with

contacts as (

    select * from {{ ref('stg_ghl__contacts') }}
    where not is_deleted

),

scores as (

    select * from {{ ref('stg_app__lead_scores') }}

),

stage_entries as (

    select
        contact_id,
        min(entered_at) filter (where funnel_stage = 'contacted') as crm_contacted_at,
        min(entered_at) filter (where funnel_stage = 'qualified') as crm_qualified_at,
        min(entered_at) filter (where funnel_stage = 'appointment') as appointment_at,
        min(entered_at) filter (where funnel_stage = 'under_contract') as under_contract_at
    from {{ ref('int_opportunity_stages_captured') }}
    group by contact_id

),

opportunities as (

    select
        opportunity.contact_id,
        max(case pipeline_stage.funnel_stage
            when 'inquiry' then 1 when 'contacted' then 2 when 'qualified' then 3 when 'appointment' then 4
            when 'under_contract' then 5 when 'closed_won' then 6 else 0
        end) as furthest_stage_rank,
        min(opportunity.status_changed_at) filter (where opportunity.opportunity_status = 'won') as closed_won_at,
        min(opportunity.status_changed_at) filter (
            where opportunity.opportunity_status in ('lost', 'abandoned')
        ) as lost_at
    from {{ ref('stg_ghl__opportunities') }} as opportunity
    inner join {{ ref('stg_ghl__pipeline_stages') }} as pipeline_stage
        on opportunity.pipeline_stage_id = pipeline_stage.pipeline_stage_id
    where not opportunity.is_deleted
    group by opportunity.contact_id

),

first_contact as (

    select
        contact_id,
        min(sent_at) filter (where direction = 'outbound') as first_outbound_at,
        max(sent_at) as last_message_at
    from {{ ref('int_messages_classified') }}
    group by contact_id

),

staged as (

    select
        contacts.contact_id,
        contacts.created_at as inquiry_at,
        least(first_contact.first_outbound_at, stage_entries.crm_contacted_at) as contacted_at,
        least(scores.qualified_at, stage_entries.crm_qualified_at) as qualified_at,
        stage_entries.appointment_at,
        stage_entries.under_contract_at,
        opportunities.closed_won_at,
        opportunities.lost_at,
        coalesce(opportunities.furthest_stage_rank, 1) as crm_stage_rank,
        greatest(contacts.updated_at, first_contact.last_message_at, scores.last_inbound_at) as last_activity_at
    from contacts
    left join scores on contacts.contact_id = scores.contact_id
    left join stage_entries on contacts.contact_id = stage_entries.contact_id
    left join opportunities on contacts.contact_id = opportunities.contact_id
    left join first_contact on contacts.contact_id = first_contact.contact_id

),

final as (

    select
        contact_id,
        inquiry_at,
        contacted_at,
        qualified_at,
        appointment_at,
        under_contract_at,
        closed_won_at,
        lost_at,
        last_activity_at,
        true as is_inquiry,
        contacted_at is not null or crm_stage_rank >= 2 as is_contacted,
        qualified_at is not null or crm_stage_rank >= 3 as is_qualified,
        appointment_at is not null or crm_stage_rank >= 4 as is_appointment,
        under_contract_at is not null or crm_stage_rank >= 5 as is_under_contract,
        closed_won_at is not null or crm_stage_rank >= 6 as is_closed_won,
        lost_at is not null as is_lost
    from staged

)

select * from final
