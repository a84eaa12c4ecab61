{{ config(materialized='table') }}
{#- One row per lead and who owns it (README, Definitions: "Leads and their owner"). A lead is a
    CRM contact not deleted in the CRM, or a bot-service lead without one (web chat); a contact
    and the bot-service lead of that contact are one lead. The bot service owns a lead from its
    first message there (`taken_over_at`), the CRM before that; the lead's score, temperature,
    intent, area, budget and opt-out are the owner's. -#}

with

contacts as (

    select * from {{ ref('stg_ghl__contacts') }}

),

bot_leads as (

    select * from {{ ref('stg_app__leads') }}

),

replay as (

    select * from {{ ref('stg_app__lead_scores') }}

),

decisions as (

    select * from {{ ref('stg_app__bot_decisions') }}
    where not is_crm_event

),

takeovers as (

    select
        lead_id as bot_lead_id,
        min(sent_at) as taken_over_at
    from {{ ref('stg_app__conversation_messages') }}
    group by lead_id

),

bot_intents as (

    -- the latest buyer or seller intent, else the latest intent (as the replay chooses it)
    select distinct on (lead_id)
        lead_id as bot_lead_id,
        intent as primary_intent
    from decisions
    order by lead_id asc, intent in ('buyer_intent', 'seller_intent') desc, decided_at desc, decision_id desc

),

bot_human_requests as (

    select distinct lead_id as bot_lead_id
    from decisions
    where intent = 'human_request'

),

identified as (

    select
        contacts.contact_id as lead_id,
        contacts.contact_id,
        bot_leads.lead_id as bot_lead_id,
        contacts.lead_source,
        contacts.assigned_agent_id,
        contacts.preferred_area,
        contacts.stated_budget_usd as crm_budget_usd,
        contacts.is_do_not_disturb,
        contacts.created_at,
        contacts.updated_at,
        true as is_crm_contact
    from contacts
    left join bot_leads on contacts.contact_id = bot_leads.ghl_contact_id
    where not contacts.is_deleted
    union all
    select
        coalesce(bot_leads.ghl_contact_id, bot_leads.lead_id::text) as lead_id,
        bot_leads.ghl_contact_id as contact_id,
        bot_leads.lead_id as bot_lead_id,
        case when bot_leads.channel = 'web' then 'Web chat' else 'Unknown' end as lead_source,
        null as assigned_agent_id,
        null as preferred_area,
        null as crm_budget_usd,
        false as is_do_not_disturb,
        null as created_at,
        null as updated_at,
        false as is_crm_contact
    from bot_leads
    left join contacts on bot_leads.ghl_contact_id = contacts.contact_id
    where contacts.contact_id is null

),

owned as (

    select
        identified.*,
        takeovers.taken_over_at,
        case when takeovers.taken_over_at is null then 'crm' else 'bot_service' end as owned_by
    from identified
    left join takeovers on identified.bot_lead_id = takeovers.bot_lead_id
    -- a bot-service lead without a CRM contact is a lead once it has talked with the service
    where identified.is_crm_contact or takeovers.taken_over_at is not null

),

final as (

    select
        owned.lead_id,
        owned.contact_id,
        owned.bot_lead_id,
        owned.owned_by,
        owned.taken_over_at,
        owned.lead_source,
        owned.assigned_agent_id,
        coalesce(owned.created_at, owned.taken_over_at) as inquiry_at,
        owned.updated_at as crm_updated_at,
        case
            when owned.owned_by = 'bot_service' then coalesce(bot_leads.stated_area, owned.preferred_area)
            else coalesce(replay.stated_area, owned.preferred_area)
        end as area,
        case
            when owned.owned_by = 'bot_service' then coalesce(bot_leads.stated_budget_usd, owned.crm_budget_usd)
            else coalesce(replay.stated_budget_usd, owned.crm_budget_usd)
        end as budget_usd,
        case
            when owned.owned_by = 'bot_service' then bot_leads.lead_score else coalesce(replay.lead_score, 1.0)
        end as lead_score,
        case
            when owned.owned_by = 'bot_service' then bot_leads.temperature else coalesce(replay.temperature, 'cold')
        end as temperature,
        case
            when owned.owned_by = 'bot_service' then bot_intents.primary_intent else replay.primary_intent
        end as primary_intent,
        case when owned.owned_by = 'bot_service' then bot_leads.current_bot || '_bot' else 'none' end as bot,
        case
            when owned.owned_by = 'bot_service' then bot_leads.experiment_variant else 'none'
        end as experiment_variant,
        case
            when owned.owned_by = 'bot_service' then coalesce(bot_leads.experiment_name, 'none') else 'none'
        end as experiment_name,
        owned.is_do_not_disturb
        or case
            when owned.owned_by = 'bot_service' then bot_leads.opted_out_at is not null
            else replay.opted_out_at is not null
        end as is_opted_out,
        case
            when owned.owned_by = 'bot_service' then bot_human_requests.bot_lead_id is not null
            else replay.human_requested_at is not null
        end as has_asked_for_human
    from owned
    left join bot_leads on owned.bot_lead_id = bot_leads.lead_id
    left join replay on owned.contact_id = replay.contact_id
    left join bot_intents on owned.bot_lead_id = bot_intents.bot_lead_id
    left join bot_human_requests on owned.bot_lead_id = bot_human_requests.bot_lead_id

)

select * from final
