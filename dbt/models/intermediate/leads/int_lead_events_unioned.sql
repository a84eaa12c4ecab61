{#- Every event of every lead, each from the system that owns it (README, Definitions): the
    inquiry; CRM pipeline stages and outcomes (whoever owns the lead); the appointments the bots booked
    (the appointment stage, when GoHighLevel confirmed the booking); messages by their owner (the
    CRM's before the takeover, the bot service's from it on, replies with when they reached the
    lead); the bot service's decisions (intent, score, temperature, handoff, compliance flags); the
    history replay's first hot score, before the takeover only; payments, net of refunds. The
    funnel, bot and revenue marts are short joins over it, so nothing is counted twice. -#}

with

leads as (

    select * from {{ ref('int_leads_owned') }}

),

bot_leads as (

    select
        lead_id as bot_lead_id,
        coalesce(ghl_contact_id, lead_id::text) as lead_id,
        current_bot,
        experiment_variant
    from {{ ref('stg_app__leads') }}

),

live_opportunities as (

    select * from {{ ref('stg_ghl__opportunities') }}
    where not is_deleted

),

replies as (

    select * from {{ ref('stg_app__outbox') }}
    where kind = 'message' and reply_message_id is not null

),

inquiries as (

    select
        lead_id,
        'inquiry' as event_type,
        owned_by,
        inquiry_at as occurred_at
    from leads

),

stages as (

    select
        captured.contact_id as lead_id,
        'stage' as event_type,
        'crm' as owned_by,
        captured.entered_at as occurred_at,
        captured.funnel_stage
    from {{ ref('int_opportunity_stages_captured') }} as captured
    inner join live_opportunities on captured.opportunity_id = live_opportunities.opportunity_id
    where captured.funnel_stage is not null
    union all
    select
        contact_id as lead_id,
        'stage' as event_type,
        'crm' as owned_by,
        status_changed_at as occurred_at,
        case when opportunity_status = 'won' then 'closed_won' else 'lost' end as funnel_stage
    from live_opportunities
    where opportunity_status in ('won', 'lost', 'abandoned')

),

bookings as (

    -- the bots' own bookings reach the appointment stage when GoHighLevel confirmed them, whoever owns the lead
    select
        bot_leads.lead_id,
        'stage' as event_type,
        'bot_service' as owned_by,
        appointments.booked_at as occurred_at,
        'appointment' as funnel_stage
    from {{ ref('stg_app__appointments') }} as appointments
    inner join bot_leads on appointments.lead_id = bot_leads.bot_lead_id
    where appointments.booked_at is not null

),

crm_messages as (

    select
        messages.contact_id as lead_id,
        'message' as event_type,
        'crm' as owned_by,
        messages.sent_at as occurred_at,
        messages.direction,
        messages.intent,
        messages.message_id as message_key
    from {{ ref('int_messages_classified') }} as messages
    left join leads on messages.contact_id = leads.lead_id
    where leads.taken_over_at is null or messages.sent_at < leads.taken_over_at

),

service_messages as (

    select
        bot_leads.lead_id,
        'message' as event_type,
        'bot_service' as owned_by,
        messages.sent_at as occurred_at,
        messages.direction,
        messages.bot || '_bot' as bot,
        bot_leads.experiment_variant,
        messages.intent,
        coalesce(messages.source_message_id, messages.message_id::text) as message_key,
        -- a reply reaches the lead when the outbox sends it; web chat replies go in the response
        case
            when messages.direction = 'inbound' then null
            when replies.outbox_id is null then messages.sent_at
            when replies.status = 'sent' then replies.sent_at
        end as delivered_at
    from {{ ref('stg_app__conversation_messages') }} as messages
    inner join bot_leads on messages.lead_id = bot_leads.bot_lead_id
    left join replies on messages.message_id = replies.reply_message_id

),

decisions as (

    select
        bot_leads.lead_id,
        'decision' as event_type,
        'bot_service' as owned_by,
        decisions.decided_at as occurred_at,
        decisions.bot || '_bot' as bot,
        bot_leads.experiment_variant,
        decisions.intent,
        decisions.lead_score,
        decisions.temperature,
        decisions.is_handoff,
        decisions.is_flagged
    from {{ ref('stg_app__bot_decisions') }} as decisions
    inner join bot_leads on decisions.lead_id = bot_leads.bot_lead_id
    where not decisions.is_crm_event

),

replay_scores as (

    -- the replay keeps only when the lead first scored 7 or more: its hot score, while the CRM owned it
    select
        replay.contact_id as lead_id,
        'score' as event_type,
        'crm' as owned_by,
        replay.qualified_at as occurred_at,
        'hot' as temperature
    from {{ ref('stg_app__lead_scores') }} as replay
    left join leads on replay.contact_id = leads.lead_id
    where
        replay.qualified_at is not null
        and (leads.taken_over_at is null or replay.qualified_at < leads.taken_over_at)

),

payments as (

    select
        lead_id,
        'payment' as event_type,
        'stripe' as owned_by,
        paid_at as occurred_at,
        charge_id,
        paid_month,
        gross_usd,
        refunded_usd,
        net_usd
    from {{ ref('int_payments_netted') }}

),

final as (
    {{ union_aligned(
        {
            'inquiries': ['lead_id', 'event_type', 'owned_by', 'occurred_at'],
            'stages': ['lead_id', 'event_type', 'owned_by', 'occurred_at', 'funnel_stage'],
            'bookings': ['lead_id', 'event_type', 'owned_by', 'occurred_at', 'funnel_stage'],
            'crm_messages': ['lead_id', 'event_type', 'owned_by', 'occurred_at', 'direction', 'intent', 'message_key'],
            'service_messages': [
                'lead_id', 'event_type', 'owned_by', 'occurred_at', 'direction', 'bot', 'experiment_variant', 'intent',
                'message_key', 'delivered_at'
            ],
            'decisions': [
                'lead_id', 'event_type', 'owned_by', 'occurred_at', 'bot', 'experiment_variant', 'intent', 'lead_score',
                'temperature', 'is_handoff', 'is_flagged'
            ],
            'replay_scores': ['lead_id', 'event_type', 'owned_by', 'occurred_at', 'temperature'],
            'payments': [
                'lead_id', 'event_type', 'owned_by', 'occurred_at', 'charge_id', 'paid_month', 'gross_usd', 'refunded_usd',
                'net_usd'
            ],
        },
        [
            ['lead_id', 'text'], ['event_type', 'text'], ['owned_by', 'text'], ['occurred_at', 'timestamptz'],
            ['funnel_stage', 'text'], ['direction', 'text'], ['bot', 'text'], ['experiment_variant', 'text'],
            ['intent', 'text'], ['lead_score', 'numeric'], ['temperature', 'text'], ['is_handoff', 'boolean'],
            ['is_flagged', 'boolean'], ['message_key', 'text'], ['delivered_at', 'timestamptz'], ['charge_id', 'text'],
            ['paid_month', 'date'], ['gross_usd', 'numeric'], ['refunded_usd', 'numeric'], ['net_usd', 'numeric'],
        ]
    ) }}
)

select * from final
