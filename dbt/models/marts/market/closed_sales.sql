{{
    config(
        indexes=[
            {'columns': ['listing_key'], 'unique': True},
            {'columns': ['close_date']},
            {'columns': ['city', 'close_date']},
        ],
        post_hook="{{ create_comparable_sales_function(ref('int_listings_banded')) }}"
    )
}}
{#- Closed sales of the `cma_months_back` months up to the feed's as-of date, banded by close price
    (README, Definitions): what the bots' market answers and the market dashboard read. Its
    post-hook (re)creates marts.comparable_sales(), the one CMA search that the cma marts and the
    Seller bot both call, over every closed sale the feed holds. -#}

with

sales as (

    select * from {{ ref('int_listings_banded') }}
    where is_closed_sale

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
        recorded_days_on_market as days_on_market,
        close_price_band as price_band
    from sales
    where
        close_date > {{ as_of_date() }} - interval '{{ var("cma_months_back") }} months'
        and close_date <= {{ as_of_date() }}

)

select * from final
