{#- The appointments the bots booked on a GoHighLevel calendar (Alembic migration 0009): when GoHighLevel
    first confirmed each, its time, the agent and its status. No personal data. -#}

with

source as (

    select * from {{ source('app', 'appointments') }}

),

renamed as (

    select
        -- ids
        appointment_id,
        lead_id,
        calendar_id,
        assigned_user_id,
        ghl_event_id,

        -- categories
        status as appointment_status,

        -- timestamps
        starts_at,
        ends_at,
        requested_at,
        booked_at,
        cancelled_at

    from source

)

select * from renamed
