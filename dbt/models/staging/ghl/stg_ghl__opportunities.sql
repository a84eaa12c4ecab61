with

source as (

    select * from {{ source('ghl', 'ghl_opportunities') }}

),

renamed as (

    select
        -- ids
        opportunity_id,
        contact_id,
        pipeline_id,
        pipeline_stage_id,
        payload ->> 'assignedTo' as assigned_agent_id,

        -- categories
        status as opportunity_status,
        payload ->> 'source' as lead_source,

        -- money
        (payload ->> 'monetaryValue')::numeric(14, 2) as monetary_value_usd,

        -- booleans
        _deleted as is_deleted,

        -- timestamps
        (payload ->> 'createdAt')::timestamptz as created_at,
        (payload ->> 'lastStageChangeAt')::timestamptz as stage_changed_at,
        (payload ->> 'lastStatusChangeAt')::timestamptz as status_changed_at,
        _source_modified_at as updated_at,
        _loaded_at as loaded_at

    from source

)

select * from renamed
