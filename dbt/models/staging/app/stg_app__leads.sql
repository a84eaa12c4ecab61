{#- The bot service's leads, without their sealed contact details or blind indexes; of the
    conversation state (no personal data) only the area and budget the lead gave. -#}

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
        experiment as experiment_name,
        temperature,
        state -> 'slots' ->> 'area' as stated_area,

        -- numbers
        score as lead_score,
        (state -> 'slots' -> 'budget' ->> 'high')::numeric(14, 2) as stated_budget_usd,

        -- timestamps
        opted_out_at,
        handed_off_at,
        created_at,
        updated_at

    from source

)

select * from renamed
