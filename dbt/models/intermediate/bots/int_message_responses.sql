{#- Each inbound message and the first outbound reply after it in the same conversation. -#}

with

messages as (

    select * from {{ ref('int_messages_classified') }}

),

ordered as (

    select
        *,
        min(sent_at) filter (where direction = 'outbound') over (
            partition by conversation_id order by sent_at, message_id
            rows between 1 following and unbounded following
        ) as next_outbound_at
    from messages

),

final as (

    select
        message_id,
        conversation_id,
        contact_id,
        intent,
        sent_at,
        next_outbound_at as replied_at,
        extract(epoch from next_outbound_at - sent_at)::numeric(12, 1) as response_seconds
    from ordered
    where direction = 'inbound'

)

select * from final
