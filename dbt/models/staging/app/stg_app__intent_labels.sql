with

source as (

    select * from {{ source('app', 'intent_labels') }}

),

renamed as (

    select
        message_id,
        intent as labelled_intent,
        labelled_by,
        labelled_at

    from source

)

select * from renamed
