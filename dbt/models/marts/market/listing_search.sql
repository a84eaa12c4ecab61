{{
    config(
        indexes=[
            {'columns': ['listing_key'], 'unique': True},
            {'columns': ['city', 'list_price']},
            {'columns': ['property_sub_type', 'bedrooms_total', 'list_price']},
            {'columns': ['postal_code']},
            {'columns': ['latitude', 'longitude']},
        ]
    )
}}
{#- What a buyer can be shown today: active listings, normalised, indexed for the Buyer bot. -#}

with

listings as (

    select * from {{ ref('stg_mls__properties') }}

),

final as (

    select
        listing_key,
        listing_id,
        street_address,
        city,
        subdivision,
        postal_code,
        county,
        latitude,
        longitude,
        property_sub_type,
        list_price,
        list_price_band,
        bedrooms_total,
        bathrooms_total,
        living_area_sqft,
        (list_price / nullif(living_area_sqft, 0))::numeric(10, 2) as price_per_sqft,
        year_built,
        lot_size_acres,
        days_on_market,
        has_price_reduction,
        list_office_key,
        listing_contract_date,
        modified_at
    from listings
    where standard_status = 'Active' and not is_deleted

)

select * from final
