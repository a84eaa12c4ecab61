with

listings as (

    select * from {{ ref('stg_mls__properties') }}

),

active as (

    select * from listings
    where
        standard_status = 'Active'
        and not is_deleted

),

final as (

    select
        city,
        count(*)::integer as active_listings,
        percentile_cont(0.5) within group (order by list_price)::numeric(14, 2) as median_list_price,
        percentile_cont(0.5) within group (
            order by list_price / nullif(living_area_sqft, 0)
        )::numeric(10, 2) as median_price_per_sqft,
        avg(days_on_market)::numeric(8, 1) as avg_days_on_market,
        count(*) filter (where list_price < original_list_price)::integer as price_reduced_listings,
        max(modified_at) as last_modified_at

    from active
    group by city

)

select * from final
