{{
    config(
        materialized='incremental',
        unique_key='message_id',
        incremental_strategy='merge'
    )
}}
{#- Messages with the intent the core engine gave each inbound one. Messages never change once
    sent, but an intent may arrive after its message: the watermark is whichever came last, and a
    build reads only the messages loaded, or classified, after it (not every message joined to
    every intent, then filtered). -#}

with

messages as (

    select * from {{ ref('stg_ghl__messages') }}

),

intents as (

    select * from {{ ref('stg_app__message_intents') }}

),

{% if is_incremental() %}

    watermark as (

        select coalesce(max(changed_at), '-infinity'::timestamptz) as changed_at from {{ this }}

    ),

    changed as (

        select messages.message_id
        from messages
        where messages.loaded_at > (select watermark.changed_at from watermark)
        union
        select intents.message_id
        from intents
        where intents.classified_at > (select watermark.changed_at from watermark)

    ),

{% endif %}

final as (

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
    {% if is_incremental() %}
        and messages.message_id in (select changed.message_id from changed)
    {% endif %}

)

select * from final
