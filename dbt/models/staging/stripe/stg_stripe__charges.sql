with

source as (

    select * from {{ source('stripe', 'stripe_charges') }}

),

renamed as (

    select
        -- ids
        charge_id,
        payload ->> 'payment_intent' as payment_intent_id,
        payload -> 'metadata' ->> 'ghl_contact_id' as contact_id,
        payload -> 'metadata' ->> 'lead_id' as bot_lead_id,

        -- categories
        status as charge_status,
        payload -> 'metadata' ->> 'product' as product,
        payload ->> 'currency' as currency,
        payload ->> 'failure_code' as failure_code,

        -- money: Stripe amounts are integer cents
        (payload ->> 'amount')::numeric(14, 2) / 100 as amount_usd,
        coalesce((payload ->> 'amount_refunded')::numeric(14, 2), 0) / 100 as amount_refunded_usd,

        -- booleans
        coalesce((payload ->> 'paid')::boolean, false) as is_paid,
        coalesce((payload ->> 'livemode')::boolean, false) as is_live,
        _deleted as is_deleted,

        -- timestamps
        to_timestamp((payload ->> 'created')::bigint) as created_at,
        _source_modified_at as observed_at

    from source

)

select * from renamed
