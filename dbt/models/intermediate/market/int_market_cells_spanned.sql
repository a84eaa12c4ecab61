{#- Every cell market_area_monthly reports (README, Definitions): each area and band holding at
    least one listing the market counts (by list or by close price), for every month from the
    feed's first month (of its earliest listing date) to the as-of month. -#}

with

listing_areas as (

    select * from {{ ref('int_listing_areas_unpivoted') }}

),

feed as (

    {{ market_feed_months('listing_areas') }}

),

area_bands as (

    select
        area_type,
        area_name,
        list_price_band as price_band
    from listing_areas
    where is_in_market and list_price_band is not null
    union
    select
        area_type,
        area_name,
        close_price_band as price_band
    from listing_areas
    where is_closed_sale

),

final as (

    select
        area_bands.area_type,
        area_bands.area_name,
        area_bands.price_band,
        months.month_start::date as month_start,
        feed.first_month,
        feed.as_of_month
    from area_bands
    cross join feed
    cross join lateral generate_series(feed.first_month, feed.as_of_month, interval '1 month') as months (month_start)

)

select * from final
