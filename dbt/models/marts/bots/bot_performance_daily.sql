{#- How the bots did, per day, bot and experiment variant: volume, speed, handoffs, opt-outs,
    qualification, compliance flags, and intent accuracy against human-corrected labels.

    Two sources that never overlap:
    - The bot service's own records (app schema) come first: the bot that handled each turn
      (lead_bot, buyer_bot, seller_bot) and the lead's experiment variant. A conversation is a
      lead's; handoffs are decisions with a handoff, opt-outs decisions with the opt_out intent,
      a lead qualifies with its first decision at temperature 'hot' (score >= 7, the scoring
      model's one threshold), and replies_flagged counts decisions with any compliance flag
      (fair_housing steering questions, blocked outbound text). CRM events (pauses, resumes) are
      decisions but not turns: they count nowhere here.
    - The CRM's conversations of contacts the bot service never talked with (no message of theirs
      in app.conversation_messages), so history is kept and nothing is counted twice: as before,
      automated outbound messages are the bot's, every conversation is the lead bot's, variant
      'control', and the CRM records no compliance flags (0).

    Response latency: for the CRM, from an inbound message to the next outbound one. For the bot
    service, from the inbound message (its reply is recorded at the same moment) to the reply
    being sent to GoHighLevel (the outbox's sent time), or, while not sent yet, to its being
    queued; web chat replies are returned in the API response, so they count as 0 seconds. A reply
    the outbox cancelled (the lead opted out, or a person took over, before it could go) was never
    a response and is left out. -#}

with

crm_messages as (

    select * from {{ ref('int_messages_classified') }}

),

crm_responses as (

    select * from {{ ref('int_message_responses') }}

),

labels as (

    select * from {{ ref('stg_app__intent_labels') }}

),

leads as (

    select * from {{ ref('stg_app__leads') }}

),

service_messages as (

    select * from {{ ref('stg_app__conversation_messages') }}

),

decisions as (

    select * from {{ ref('stg_app__bot_decisions') }}
    where not is_crm_event

),

queued_replies as (

    select * from {{ ref('stg_app__outbox') }}
    where kind = 'message' and reply_message_id is not null

),

crm_qualified as (

    select
        contact_id,
        {{ austin_date('qualified_at') }} as qualified_date
    from {{ ref('fct_lead_funnel') }}
    where qualified_at is not null

),

handled_contacts as (

    select distinct leads.ghl_contact_id
    from leads
    inner join service_messages on leads.lead_id = service_messages.lead_id
    where leads.ghl_contact_id is not null

),

crm_activity as (

    select
        crm_messages.message_id,
        {{ austin_date('crm_messages.sent_at') }} as activity_date,
        'lead_bot'::text as bot,
        'control'::text as experiment_variant,
        crm_messages.conversation_id as conversation_key,
        crm_messages.contact_id as lead_key,
        crm_messages.direction,
        crm_messages.is_automated as is_bot_message,
        crm_messages.intent
    from crm_messages
    left join handled_contacts on crm_messages.contact_id = handled_contacts.ghl_contact_id
    where handled_contacts.ghl_contact_id is null

),

service_activity as (

    select
        service_messages.source_message_id as message_id,
        {{ austin_date('service_messages.sent_at') }} as activity_date,
        service_messages.bot || '_bot' as bot,
        leads.experiment_variant,
        service_messages.lead_id::text as conversation_key,
        service_messages.lead_id::text as lead_key,
        service_messages.direction,
        service_messages.direction = 'outbound' as is_bot_message,
        service_messages.intent
    from service_messages
    inner join leads on service_messages.lead_id = leads.lead_id

),

activity as (

    select * from crm_activity
    union all
    select * from service_activity

),

service_decisions as (

    select
        decisions.decision_id,
        decisions.lead_id::text as lead_key,
        {{ austin_date('decisions.decided_at') }} as activity_date,
        decisions.bot || '_bot' as bot,
        leads.experiment_variant,
        decisions.intent,
        decisions.temperature,
        decisions.is_handoff,
        decisions.is_flagged,
        row_number() over (
            partition by decisions.lead_id, decisions.temperature = 'hot'
            order by decisions.decided_at, decisions.decision_id
        ) as nth_at_temperature
    from decisions
    inner join leads on decisions.lead_id = leads.lead_id

),

outcomes as (

    select
        activity_date,
        bot,
        experiment_variant,
        'handoff' as outcome,
        conversation_key as subject_key
    from crm_activity
    where intent = 'human_request'
    union all
    select
        activity_date,
        bot,
        experiment_variant,
        'opt_out' as outcome,
        conversation_key as subject_key
    from crm_activity
    where intent = 'opt_out'
    union all
    select
        crm_activity.activity_date,
        crm_activity.bot,
        crm_activity.experiment_variant,
        'qualified' as outcome,
        crm_activity.lead_key as subject_key
    from crm_activity
    inner join crm_qualified
        on
            crm_activity.lead_key = crm_qualified.contact_id
            and crm_activity.activity_date = crm_qualified.qualified_date
    union all
    select
        activity_date,
        bot,
        experiment_variant,
        'handoff' as outcome,
        lead_key as subject_key
    from service_decisions
    where is_handoff
    union all
    select
        activity_date,
        bot,
        experiment_variant,
        'opt_out' as outcome,
        lead_key as subject_key
    from service_decisions
    where intent = 'opt_out'
    union all
    select
        activity_date,
        bot,
        experiment_variant,
        'qualified' as outcome,
        lead_key as subject_key
    from service_decisions
    where temperature = 'hot' and nth_at_temperature = 1
    union all
    select
        activity_date,
        bot,
        experiment_variant,
        'flagged' as outcome,
        decision_id::text as subject_key
    from service_decisions
    where is_flagged

),

response_times as (

    select
        {{ austin_date('crm_responses.sent_at') }} as activity_date,
        'lead_bot'::text as bot,
        'control'::text as experiment_variant,
        crm_responses.response_seconds
    from crm_responses
    left join handled_contacts on crm_responses.contact_id = handled_contacts.ghl_contact_id
    where handled_contacts.ghl_contact_id is null and crm_responses.response_seconds is not null
    union all
    select
        {{ austin_date('replies.sent_at') }} as activity_date,
        replies.bot || '_bot' as bot,
        leads.experiment_variant,
        extract(
            epoch from coalesce(queued_replies.sent_at, queued_replies.queued_at, replies.sent_at) - replies.sent_at
        )::numeric(12, 1) as response_seconds
    from service_messages as replies
    inner join leads on replies.lead_id = leads.lead_id
    left join queued_replies on replies.message_id = queued_replies.reply_message_id
    where replies.direction = 'outbound' and queued_replies.status is distinct from 'cancelled'

),

daily as (

    select
        activity.activity_date,
        activity.bot,
        activity.experiment_variant,
        count(distinct activity.conversation_key) as conversations,
        count(distinct activity.lead_key) as leads_in_conversation,
        count(*) as messages,
        count(*) filter (where activity.direction = 'inbound') as inbound_messages,
        count(*) filter (where activity.is_bot_message) as bot_messages,
        count(labels.message_id) as labelled_messages,
        count(labels.message_id) filter (where labels.labelled_intent = activity.intent) as correctly_classified
    from activity
    left join labels on activity.message_id = labels.message_id
    group by 1, 2, 3

),

outcome_counts as (

    select
        activity_date,
        bot,
        experiment_variant,
        count(distinct subject_key) filter (where outcome = 'handoff') as handoffs,
        count(distinct subject_key) filter (where outcome = 'opt_out') as opt_outs,
        count(distinct subject_key) filter (where outcome = 'qualified') as leads_qualified,
        count(distinct subject_key) filter (where outcome = 'flagged') as replies_flagged
    from outcomes
    group by 1, 2, 3

),

latency as (

    select
        activity_date,
        bot,
        experiment_variant,
        percentile_cont(0.5) within group (order by response_seconds) as median_response_seconds,
        percentile_cont(0.9) within group (order by response_seconds) as p90_response_seconds
    from response_times
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
        latency.median_response_seconds::numeric(12, 1) as median_response_seconds,
        latency.p90_response_seconds::numeric(12, 1) as p90_response_seconds,
        coalesce(outcome_counts.handoffs, 0)::integer as handoffs,
        (coalesce(outcome_counts.handoffs, 0)::numeric / daily.conversations)::numeric(6, 4) as handoff_rate,
        coalesce(outcome_counts.opt_outs, 0)::integer as opt_outs,
        (coalesce(outcome_counts.opt_outs, 0)::numeric / daily.conversations)::numeric(6, 4) as opt_out_rate,
        coalesce(outcome_counts.leads_qualified, 0)::integer as leads_qualified,
        (coalesce(outcome_counts.leads_qualified, 0)::numeric / daily.leads_in_conversation)::numeric(6, 4)
            as qualification_rate,
        daily.labelled_messages::integer as labelled_messages,
        (daily.correctly_classified::numeric / nullif(daily.labelled_messages, 0))::numeric(6, 4)
            as intent_accuracy,
        coalesce(outcome_counts.replies_flagged, 0)::integer as replies_flagged
    from daily
    left join outcome_counts
        on
            daily.activity_date = outcome_counts.activity_date
            and daily.bot = outcome_counts.bot
            and daily.experiment_variant = outcome_counts.experiment_variant
    left join latency
        on
            daily.activity_date = latency.activity_date
            and daily.bot = latency.bot
            and daily.experiment_variant = latency.experiment_variant

)

select * from final
