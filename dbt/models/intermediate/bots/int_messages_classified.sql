{{
    config(
        materialized='incremental',
        unique_key='message_id',
        incremental_strategy='merge'
    )
}}
{#- Messages with the intent the core engine gave each inbound one. Messages never change once
    sent, but an intent may arrive after its message: the watermark is whichever came last. -#}

with

messages as (

    select * from {{ ref('stg_ghl__messages') }}

),

intents as (

    select * from {{ ref('stg_app__message_intents') }}

),

joined as (

    select
        messages.message_id,
        messages.conversation_id,
        messages.contact_id,
        messages.direction,
        messages.message_type,
        messages.is_automated,
        intents.intent,
        intents.confidence as intent_confidence,
        messages.sent_at,
        greatest(messages.loaded_at, intents.classified_at) as changed_at
    from messages
    left join intents on messages.message_id = intents.message_id
    where not messages.is_deleted

),

final as (

    select * from joined
    {% if is_incremental() %}
        where changed_at > (
            select coalesce(max(previous.changed_at), '-infinity'::timestamptz) from {{ this }} as previous
        )
    {% endif %}

)

select * from final
