{{ config(materialized='table') }}
{#- When each lead reached each funnel stage, how long each step took, and its current stage
    (README, Definitions: "The funnel").
    inquiry: the contact was created (a web-chat lead: its first message). contacted: the first of
    our first message reaching the lead (CRM before the takeover; a bot reply when delivered) and
    the CRM stage Contacted. qualified: int_leads_qualified, the one definition. appointment, under
    contract: the CRM stages; closed won / lost: the opportunity's outcome or stage. A pipeline
    stage reached implies the earlier pipeline stages (at unknown times when no sync saw them);
    qualification is never implied. A stage entered twice counts once, at its first entry.
    Durations are measured only between two known times in order; out of order, the duration is
    null and the lead is flagged. -#}

with

leads as (

    select * from {{ ref('int_leads_owned') }}

),

qualified as (

    select * from {{ ref('int_leads_qualified') }}

),

events as (

    select * from {{ ref('int_lead_events_unioned') }}
    where event_type in ('stage', 'message')

),

reached as (

    select
        lead_id,
        min(occurred_at) filter (where event_type = 'stage' and funnel_stage = 'contacted') as crm_contacted_at,
        min(occurred_at) filter (
            where event_type = 'message' and owned_by = 'crm' and direction = 'outbound'
        ) as crm_first_outbound_at,
        min(delivered_at) filter (
            where event_type = 'message' and owned_by = 'bot_service' and direction = 'outbound'
        ) as first_reply_delivered_at,
        min(occurred_at) filter (where event_type = 'stage' and funnel_stage = 'appointment') as appointment_at,
        min(occurred_at) filter (where event_type = 'stage' and funnel_stage = 'under_contract') as under_contract_at,
        min(occurred_at) filter (where event_type = 'stage' and funnel_stage = 'closed_won') as closed_won_at,
        min(occurred_at) filter (where event_type = 'stage' and funnel_stage = 'lost') as lost_at,
        max(case funnel_stage
            when 'contacted' then 2 when 'qualified' then 3 when 'appointment' then 4
            when 'under_contract' then 5 when 'closed_won' then 6 else 1
        end) filter (where event_type = 'stage') as furthest_stage_rank,
        max(occurred_at) filter (where event_type = 'message') as last_message_at
    from events
    group by lead_id

),

staged as (

    select
        leads.lead_id,
        leads.inquiry_at,
        least(reached.crm_first_outbound_at, reached.first_reply_delivered_at, reached.crm_contacted_at)
            as contacted_at,
        qualified.qualified_at,
        reached.appointment_at,
        reached.under_contract_at,
        reached.closed_won_at,
        reached.lost_at,
        coalesce(reached.furthest_stage_rank, 1) as stage_rank,
        greatest(leads.crm_updated_at, reached.last_message_at, leads.taken_over_at) as last_activity_at
    from leads
    left join reached on leads.lead_id = reached.lead_id
    left join qualified on leads.lead_id = qualified.lead_id

),

flagged as (

    select
        *,
        true as is_inquiry,
        contacted_at is not null or stage_rank >= 2 as is_contacted,
        qualified_at is not null as is_qualified,
        appointment_at is not null or stage_rank >= 4 as is_appointment,
        under_contract_at is not null or stage_rank >= 5 as is_under_contract,
        closed_won_at is not null as is_closed_won,
        lost_at is not null as is_lost,
        coalesce(qualified_at < contacted_at, false) as is_qualified_before_contacted,
        coalesce(appointment_at < qualified_at, false) as is_appointment_before_qualified
    from staged

),

final as (

    select
        lead_id,
        inquiry_at,
        contacted_at,
        qualified_at,
        appointment_at,
        under_contract_at,
        closed_won_at,
        lost_at,
        last_activity_at,
        is_inquiry,
        is_contacted,
        is_qualified,
        is_appointment,
        is_under_contract,
        is_closed_won,
        is_lost,
        case
            when is_closed_won then 'closed_won'
            when is_lost then 'lost'
            when is_under_contract then 'under_contract'
            when is_appointment then 'appointment'
            when is_qualified then 'qualified'
            when is_contacted then 'contacted'
            else 'inquiry'
        end as current_stage,
        {{ stage_duration('inquiry_at', 'contacted_at', 60) }} as minutes_to_contact,
        {{ stage_duration('contacted_at', 'qualified_at', 3600) }} as hours_contacted_to_qualified,
        {{ stage_duration('qualified_at', 'appointment_at', 3600) }} as hours_qualified_to_appointment,
        is_qualified_before_contacted,
        is_appointment_before_qualified
    from flagged

)

select * from final
