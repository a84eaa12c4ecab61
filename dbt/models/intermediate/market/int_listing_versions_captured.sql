{{
    config(
        materialized='incremental',
        unique_key='listing_version_id',
        full_refresh=false,
        on_schema_change='append_new_columns'
    )
}}
{#- Every version of every listing the platform has seen: status, price, place and dates over time.
    The raw layer keeps only the latest version, so history starts when the platform starts and a
    full refresh must not erase it (full_refresh=false). market_area_monthly reads the earlier
    versions of a changed listing to find the cells it used to count in. -#}

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
        city,
        subdivision,
        postal_code,
        listing_contract_date,
        off_market_date,
        close_date,
        is_deleted,
        modified_at,
        loaded_at
    from listings

)

select * from final
