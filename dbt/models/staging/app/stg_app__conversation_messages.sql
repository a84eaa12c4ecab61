{#- Messages the bot service received and sent, without their sealed bodies. Each inbound message
    has one decision; a reply is recorded at the same moment as the message it answers. -#}

with

source as (

    select * from {{ source('app', 'conversation_messages') }}

),

renamed as (

    select
        -- ids
        message_id,
        lead_id,
        source_message_id,

        -- categories
        direction,
        bot,
        intent,

        -- numbers
        confidence as intent_confidence,

        -- timestamps
        created_at as sent_at

    from source

)

select * from renamed
