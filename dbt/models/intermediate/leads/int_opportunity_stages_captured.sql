{{
    config(
        materialized='incremental',
        unique_key='opportunity_stage_id',
        full_refresh=false
    )
}}
{#- Each pipeline stage an opportunity has been seen in, with when it entered it. The CRM's API
    shows only the current stage, so stages passed between two syncs are never seen: the funnel
    treats every stage below the furthest one reached as reached, at an unknown time. -#}

with

opportunities as (

    select * from {{ ref('stg_ghl__opportunities') }}
    {% if is_incremental() %}
        where loaded_at > (
            select coalesce(max(previous.loaded_at), '-infinity'::timestamptz) from {{ this }} as previous
        )
    {% endif %}

),

stages as (

    select * from {{ ref('stg_ghl__pipeline_stages') }}

),

final as (

    select
        md5(opportunities.opportunity_id || '|' || opportunities.pipeline_stage_id) as opportunity_stage_id,
        opportunities.opportunity_id,
        opportunities.contact_id,
        stages.funnel_stage,
        coalesce(opportunities.stage_changed_at, opportunities.updated_at) as entered_at,
        opportunities.loaded_at
    from opportunities
    inner join stages on opportunities.pipeline_stage_id = stages.pipeline_stage_id

)

select * from final
