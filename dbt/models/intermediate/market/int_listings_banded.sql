{{
    config(
        materialized='incremental',
        unique_key='listing_key',
        incremental_strategy='merge',
        indexes=[
            {'columns': ['listing_key'], 'unique': True},
            {'columns': ['loaded_at']},
            {'columns': ['modified_at']},
            {'columns': ['property_sub_type', 'latitude', 'longitude']},
            {'columns': ['property_sub_type', 'living_area_sqft']},
        ]
    )
}}
{#- Every listing of the feed as it stands now (deleted ones kept, flagged), typed once from the
    JSON payload, with what the market marts and the CMA read: its price bands (list and close),
    the months of its listing, off-market and close dates, and whether it is in the market, active
    or a closed sale (README, Definitions). Incremental on the load time: only listings the feed
    changed are read again, so the marts never parse the whole feed. -#}

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
        listing_key,
        listing_id,
        list_office_key,
        standard_status,
        property_sub_type,
        street_address,
        city,
        subdivision,
        postal_code,
        county,
        latitude,
        longitude,
        list_price,
        original_list_price,
        close_price,
        list_price_band,
        close_price_band,
        bedrooms_total,
        bathrooms_total,
        living_area_sqft,
        lot_size_acres,
        year_built,
        days_on_market as recorded_days_on_market,
        cumulative_days_on_market as recorded_cumulative_days_on_market,
        has_price_reduction,
        listing_contract_date,
        off_market_date,
        close_date,
        date_trunc('month', listing_contract_date)::date as listing_month,
        date_trunc('month', off_market_date)::date as off_market_month,
        date_trunc('month', close_date)::date as close_month,
        is_deleted,
        not is_deleted and listing_contract_date is not null and standard_status <> 'ComingSoon' as is_in_market,
        not is_deleted and standard_status = 'Active' as is_active,
        not is_deleted
        and standard_status = 'Closed'
        and close_date is not null
        and coalesce(close_price, 0) > 0 as is_closed_sale,
        standard_status in ('Pending', 'ActiveUnderContract', 'Closed') as went_under_contract,
        modified_at,
        loaded_at
    from listings

)

select * from final
