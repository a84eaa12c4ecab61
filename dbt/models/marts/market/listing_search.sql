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
{#- What a buyer can be shown today: every active listing, indexed for the Buyer bot, with its
    list-price band, list $/sqft and days on market as of the feed's as-of date (README,
    Definitions): recomputed on every build, never the stale figure of the last time the feed sent
    the listing. -#}

with

listings as (

    select * from {{ ref('int_listings_banded') }}
    where is_active

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
        ({{ as_of_date() }} - listing_contract_date)::integer as days_on_market,
        has_price_reduction,
        list_office_key,
        listing_contract_date,
        modified_at
    from listings

)

select * from final
