{#- How the bots did, per day, bot and experiment variant: volume, speed, handoffs, opt-outs,
    qualification, and intent accuracy against human-corrected labels where any exist.
    Built from the CRM's conversations until the bot service writes its own tables: automated
    outbound messages are the bot's, and every conversation counts as the lead bot's, variant
    'control'. -#}

with

messages as (

    select * from {{ ref('int_messages_classified') }}

),

responses as (

    select * from {{ ref('int_message_responses') }}

),

labels as (

    select * from {{ ref('stg_app__intent_labels') }}

),

qualified as (

    select
        contact_id,
        {{ austin_date('qualified_at') }} as qualified_date
    from {{ ref('fct_lead_funnel') }}
    where qualified_at is not null

),

daily as (

    select
        {{ austin_date('messages.sent_at') }} as activity_date,
        'lead_bot'::text as bot,
        'control'::text as experiment_variant,
        count(distinct messages.conversation_id) as conversations,
        count(distinct messages.contact_id) as leads_in_conversation,
        count(*) as messages,
        count(*) filter (where messages.direction = 'inbound') as inbound_messages,
        count(*) filter (where messages.is_automated) as bot_messages,
        count(distinct messages.conversation_id) filter (where messages.intent = 'human_request') as handoffs,
        count(distinct messages.conversation_id) filter (where messages.intent = 'opt_out') as opt_outs,
        count(labels.message_id) as labelled_messages,
        count(labels.message_id) filter (where labels.labelled_intent = messages.intent) as correctly_classified,
        count(distinct messages.contact_id) filter (
            where qualified.qualified_date = {{ austin_date('messages.sent_at') }}
        ) as leads_qualified
    from messages
    left join labels on messages.message_id = labels.message_id
    left join qualified on messages.contact_id = qualified.contact_id
    group by 1, 2, 3

),

latency as (

    select
        {{ austin_date('sent_at') }} as activity_date,
        percentile_cont(0.5) within group (order by response_seconds) as median_response_seconds,
        percentile_cont(0.9) within group (order by response_seconds) as p90_response_seconds
    from responses
    where response_seconds is not null
    group by 1

),

final as (

    select
        daily.activity_date,
        daily.bot,
        daily.experiment_variant,
        daily.conversations::integer as conversations,
        daily.messages::integer as messages,
        daily.inbound_messages::integer as inbound_messages,
        daily.bot_messages::integer as bot_messages,
        latency.median_response_seconds::numeric(12, 1) as median_response_seconds,
        latency.p90_response_seconds::numeric(12, 1) as p90_response_seconds,
        daily.handoffs::integer as handoffs,
        (daily.handoffs::numeric / daily.conversations)::numeric(6, 4) as handoff_rate,
        daily.opt_outs::integer as opt_outs,
        (daily.opt_outs::numeric / daily.conversations)::numeric(6, 4) as opt_out_rate,
        daily.leads_qualified::integer as leads_qualified,
        (daily.leads_qualified::numeric / daily.leads_in_conversation)::numeric(6, 4) as qualification_rate,
        daily.labelled_messages::integer as labelled_messages,
        (daily.correctly_classified::numeric / nullif(daily.labelled_messages, 0))::numeric(6, 4)
            as intent_accuracy
    from daily
    left join latency on daily.activity_date = latency.activity_date

)

select * from final
