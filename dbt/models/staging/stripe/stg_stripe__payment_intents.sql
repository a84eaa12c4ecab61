with

source as (

    select * from {{ source('stripe', 'stripe_payment_intents') }}

),

renamed as (

    select
        payment_intent_id,
        payload ->> 'latest_charge' as latest_charge_id,
        payload -> 'metadata' ->> 'ghl_contact_id' as contact_id,
        status as payment_intent_status,
        (payload ->> 'amount')::numeric(14, 2) / 100 as amount_usd,
        to_timestamp((payload ->> 'created')::bigint) as created_at

    from source

)

select * from renamed
