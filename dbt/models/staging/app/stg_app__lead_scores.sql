with

source as (

    select * from {{ source('app', 'lead_scores') }}

),

renamed as (

    select
        contact_id,
        score as lead_score,
        temperature,
        primary_intent,
        replies as inbound_messages,
        slots ->> 'area' as stated_area,
        (slots -> 'budget' ->> 'high')::numeric(14, 2) as stated_budget_usd,
        model_version,
        qualified_at,
        opted_out_at,
        human_requested_at,
        last_inbound_at,
        scored_at

    from source

)

select * from renamed
