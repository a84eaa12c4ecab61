with

source as (

    select * from {{ source('stripe', 'stripe_checkout_sessions') }}

),

renamed as (

    select
        checkout_session_id,
        payload ->> 'payment_intent' as payment_intent_id,
        payload -> 'metadata' ->> 'ghl_contact_id' as contact_id,
        status as session_status,
        payload ->> 'payment_status' as payment_status,
        (payload ->> 'amount_total')::numeric(14, 2) / 100 as amount_usd,
        to_timestamp((payload ->> 'created')::bigint) as created_at

    from source

)

select * from renamed
