{#- What the Lead, Buyer and Seller bots did, per Austin day, bot that handled the turn and the
    lead's A/B variant, from the bot service's own records only (README, Definitions: "Bots"):
    volume, response time to delivery, handoffs, opt-outs, qualification (the one definition),
    compliance-flagged decisions, and intent accuracy against people's labels. CRM history is not
    bot work and is not counted. -#}

with

events as (

    select * from {{ ref('int_lead_events_unioned') }}
    where owned_by = 'bot_service'

),

labels as (

    select * from {{ ref('stg_app__intent_labels') }}

),

qualified as (

    select * from {{ ref('int_leads_qualified') }}
    where qualified_by = 'bot_service'

),

messages as (

    select
        events.*,
        {{ austin_date('events.occurred_at') }} as activity_date
    from events
    where events.event_type = 'message'

),

decisions as (

    select
        events.*,
        {{ austin_date('events.occurred_at') }} as activity_date
    from events
    where events.event_type = 'decision'

),

daily as (

    select
        messages.activity_date,
        messages.bot,
        messages.experiment_variant,
        count(distinct messages.lead_id) as conversations,
        count(*) as messages,
        count(*) filter (where messages.direction = 'inbound') as inbound_messages,
        count(*) filter (where messages.direction = 'outbound') as bot_messages,
        count(labels.message_id) as labelled_messages,
        count(labels.message_id) filter (where labels.labelled_intent = messages.intent) as correctly_classified,
        percentile_cont(0.5) within group (
            order by extract(epoch from messages.delivered_at - messages.occurred_at)
        ) filter (where messages.direction = 'outbound') as median_response_seconds,
        percentile_cont(0.9) within group (
            order by extract(epoch from messages.delivered_at - messages.occurred_at)
        ) filter (where messages.direction = 'outbound') as p90_response_seconds
    from messages
    left join labels on messages.message_key = labels.message_id
    group by 1, 2, 3

),

outcomes as (

    select
        activity_date,
        bot,
        experiment_variant,
        count(distinct lead_id) filter (where is_handoff) as handoffs,
        count(distinct lead_id) filter (where intent = 'opt_out') as opt_outs,
        count(*) filter (where is_flagged) as replies_flagged
    from decisions
    group by 1, 2, 3

),

qualifications as (

    select
        {{ austin_date('qualified_at') }} as activity_date,
        bot,
        experiment_variant,
        count(*) as leads_qualified
    from qualified
    group by 1, 2, 3

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
        daily.median_response_seconds::numeric(12, 1) as median_response_seconds,
        daily.p90_response_seconds::numeric(12, 1) as p90_response_seconds,
        coalesce(outcomes.handoffs, 0)::integer as handoffs,
        (coalesce(outcomes.handoffs, 0)::numeric / daily.conversations)::numeric(6, 4) as handoff_rate,
        coalesce(outcomes.opt_outs, 0)::integer as opt_outs,
        (coalesce(outcomes.opt_outs, 0)::numeric / daily.conversations)::numeric(6, 4) as opt_out_rate,
        coalesce(qualifications.leads_qualified, 0)::integer as leads_qualified,
        (coalesce(qualifications.leads_qualified, 0)::numeric / daily.conversations)::numeric(6, 4)
            as qualification_rate,
        daily.labelled_messages::integer as labelled_messages,
        (daily.correctly_classified::numeric / nullif(daily.labelled_messages, 0))::numeric(6, 4)
            as intent_accuracy,
        coalesce(outcomes.replies_flagged, 0)::integer as replies_flagged
    from daily
    left join outcomes
        on
            daily.activity_date = outcomes.activity_date
            and daily.bot = outcomes.bot
            and daily.experiment_variant = outcomes.experiment_variant
    left join qualifications
        on
            daily.activity_date = qualifications.activity_date
            and daily.bot = qualifications.bot
            and daily.experiment_variant = qualifications.experiment_variant

)

select * from final
