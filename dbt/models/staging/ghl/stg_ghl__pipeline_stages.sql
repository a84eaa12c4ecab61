with

source as (

    select * from {{ source('ghl', 'ghl_pipelines') }}

),

stages as (

    select
        source.pipeline_id,
        source.payload ->> 'name' as pipeline_name,
        stage_element ->> 'id' as pipeline_stage_id,
        stage_element ->> 'name' as stage_name,
        (stage_element ->> 'position')::integer as stage_position,
        {{ funnel_stage("stage_element ->> 'name'") }} as funnel_stage
    from source
    cross join lateral jsonb_array_elements(source.payload -> 'stages') as stage_element

)

select * from stages
