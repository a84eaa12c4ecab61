{#- The bot service's decisions: one per inbound message, plus one per CRM event that paused or
    resumed automation (intent 'crm_event'). Actions and reasons stay in the audit table. -#}

with

source as (

    select * from {{ source('app', 'bot_decisions') }}

),

renamed as (

    select
        -- ids
        decision_id,
        lead_id,

        -- categories
        bot,
        intent,
        temperature,
        handoff_reason,
        variant as experiment_variant,
        compliance_flags,

        -- numbers
        confidence as intent_confidence,
        score as lead_score,

        -- booleans
        handoff_reason is not null as is_handoff,
        cardinality(compliance_flags) > 0 as is_flagged,
        intent = 'crm_event' as is_crm_event,

        -- timestamps
        created_at as decided_at

    from source

)

select * from renamed
