with

source as (

    select * from {{ source('ghl', 'ghl_conversations') }}

),

renamed as (

    select
        conversation_id,
        contact_id,
        payload ->> 'type' as conversation_type,
        case payload ->> 'type' when 'TYPE_EMAIL' then 'email' else 'sms' end as channel,
        _deleted as is_deleted,
        to_timestamp((payload ->> 'dateAdded')::bigint / 1000.0) as created_at,
        _source_modified_at as last_message_at,
        _loaded_at as loaded_at

    from source

)

select * from renamed
