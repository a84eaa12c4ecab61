{{
    config(
        materialized='incremental',
        unique_key='listing_version_id',
        full_refresh=false,
        on_schema_change='append_new_columns'
    )
}}
{#- Every version of every listing the platform has seen: status and price changes over time.
    The raw layer keeps only the latest version, so history starts when the platform starts and a
    full refresh must not erase it (full_refresh=false). No mart depends on it yet. -#}

with

listings as (

    select * from {{ ref('stg_mls__properties') }}
    {% if is_incremental() %}
        where loaded_at > (
            select coalesce(max(previous.loaded_at), '-infinity'::timestamptz) from {{ this }} as previous
        )
    {% endif %}

),

final as (

    select
        md5(listing_key || '|' || modified_at::text) as listing_version_id,
        listing_key,
        standard_status,
        list_price,
        close_price,
        is_deleted,
        modified_at,
        loaded_at
    from listings

)

select * from final
