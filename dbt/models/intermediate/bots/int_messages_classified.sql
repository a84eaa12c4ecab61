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

{% if is_incremental() %}

    watermark as (

        select coalesce(max(changed_at), '-infinity'::timestamptz) as changed_at from {{ this }}

    ),

    changed as (

        select loaded.message_id
        from {{ ref('stg_ghl__messages') }} as loaded
        where loaded.loaded_at > (select watermark.changed_at from watermark)
        union
        select classified.message_id
        from {{ ref('stg_app__message_intents') }} as classified
        where classified.classified_at > (select watermark.changed_at from watermark)

    ),

{% endif %}

messages as (

    select * from {{ ref('stg_ghl__messages') }}
    {% if is_incremental() %}
        -- an array rather than a join, so the filter reaches the key's index under the staging view
        where message_id = any(array(select changed.message_id from changed))
    {% endif %}

),

intents as (

    select * from {{ ref('stg_app__message_intents') }}
    {% if is_incremental() %}
        where message_id = any(array(select changed.message_id from changed))
    {% endif %}

),

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

)

select * from final
