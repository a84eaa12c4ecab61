with

source as (

    select * from {{ source('stripe', 'stripe_refunds') }}

),

renamed as (

    select
        refund_id,
        charge_id,
        payload ->> 'payment_intent' as payment_intent_id,
        status as refund_status,
        payload ->> 'reason' as refund_reason,
        (payload ->> 'amount')::numeric(14, 2) / 100 as amount_usd,
        to_timestamp((payload ->> 'created')::bigint) as created_at,
        _source_modified_at as observed_at

    from source

)

select * from renamed
