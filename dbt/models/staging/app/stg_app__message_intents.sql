with

source as (

    select * from {{ source('app', 'message_intents') }}

),

renamed as (

    select
        message_id,
        contact_id,
        conversation_id,
        intent,
        confidence,
        model_version,
        classified_at

    from source

)

select * from renamed
