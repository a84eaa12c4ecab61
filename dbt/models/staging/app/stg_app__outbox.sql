{#- What the bot service queued for GoHighLevel, without sealed bodies or error texts. A reply's
    entry names the decision and the reply message it delivers. -#}

with

source as (

    select * from {{ source('app', 'outbox') }}

),

renamed as (

    select
        -- ids
        outbox_id,
        lead_id,
        (detail ->> 'decision_id')::bigint as decision_id,
        (detail ->> 'message_id')::bigint as reply_message_id,
        detail ->> 'workflow_id' as workflow_id,

        -- categories
        kind,
        detail ->> 'channel' as channel,
        status,

        -- numbers
        attempts,

        -- timestamps
        created_at as queued_at,
        send_after,
        sent_at

    from source

)

select * from renamed
