{#- The bot service's leads, without their sealed contact details, blind indexes or state. -#}

with

source as (

    select * from {{ source('app', 'leads') }}

),

renamed as (

    select
        -- ids
        lead_id,
        ghl_contact_id,

        -- categories
        channel,
        bot as current_bot,
        variant as experiment_variant,
        temperature,

        -- numbers
        score as lead_score,

        -- timestamps
        opted_out_at,
        handed_off_at,
        created_at,
        updated_at

    from source

)

select * from renamed
