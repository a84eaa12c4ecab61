{{
    config(
        indexes=[
            {'columns': ['listing_key'], 'unique': True},
            {'columns': ['property_sub_type', 'latitude', 'longitude']},
            {'columns': ['property_sub_type', 'living_area_sqft']},
            {'columns': ['close_date']},
        ],
        post_hook="{{ create_comparable_sales_function() }}"
    )
}}
{#- Closed sales of the last `cma_months_back` months: the pool comparable sales are drawn from.
    Its post-hook (re)creates marts.comparable_sales(), the one CMA search that the cma marts and
    the Seller bot both call. -#}

with

listings as (

    select * from {{ ref('stg_mls__properties') }}

),

final as (

    select
        listing_key,
        street_address,
        city,
        subdivision,
        postal_code,
        latitude,
        longitude,
        property_sub_type,
        close_price,
        list_price,
        close_date,
        bedrooms_total,
        bathrooms_total,
        living_area_sqft,
        (close_price / nullif(living_area_sqft, 0))::numeric(10, 2) as price_per_sqft,
        year_built,
        lot_size_acres,
        days_on_market,
        {{ price_band('close_price') }} as price_band
    from listings
    where
        standard_status = 'Closed'
        and not is_deleted
        and close_price > 0
        and living_area_sqft > 0
        and latitude is not null
        and close_date > {{ as_of_date() }} - interval '{{ var("cma_months_back") }} months'

)

select * from final
