{#- Active MLS inventory per city now (README, Definitions): how many, their median list price and
    list $/sqft, average days on market as of the feed's as-of date, and how many have a price
    reduction. -#}

with

active as (

    select * from {{ ref('int_listings_banded') }}
    where is_active

),

final as (

    select
        city,
        count(*)::integer as active_listings,
        percentile_cont(0.5) within group (order by list_price)::numeric(14, 2) as median_list_price,
        percentile_cont(0.5) within group (
            order by list_price / nullif(living_area_sqft, 0)
        )::numeric(10, 2) as median_price_per_sqft,
        avg({{ as_of_date() }} - listing_contract_date)::numeric(8, 1) as avg_days_on_market,
        count(*) filter (where has_price_reduction)::integer as price_reduced_listings,
        max(modified_at) as last_modified_at

    from active
    group by city

)

select * from final
