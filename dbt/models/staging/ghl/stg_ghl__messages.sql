with

source as (

    select * from {{ source('ghl', 'ghl_messages') }}

),

renamed as (

    select
        -- ids
        message_id,
        conversation_id,
        contact_id,
        payload ->> 'userId' as sender_user_id,

        -- categories
        direction,
        payload ->> 'messageType' as message_type,
        payload ->> 'source' as message_source,
        payload ->> 'status' as delivery_status,

        -- booleans
        direction = 'outbound' and payload ->> 'source' in ('workflow', 'bot', 'api') as is_automated,
        _deleted as is_deleted,

        -- timestamps
        _source_modified_at as sent_at,
        _loaded_at as loaded_at

    from source

)

select * from renamed
