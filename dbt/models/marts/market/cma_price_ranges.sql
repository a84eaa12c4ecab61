{#- A recommended price range per active listing from its comparable sales' adjusted prices:
    low = 25th percentile, mid = median, high = 75th percentile. Never a single price. -#}

with

comps as (

    select * from {{ ref('cma_comps') }}

),

final as (

    select
        subject_listing_key as listing_key,
        count(*)::integer as comps_used,
        round(percentile_cont(0.25) within group (order by adjusted_price)::numeric, -3)::numeric(14, 2)
            as price_low,
        round(percentile_cont(0.5) within group (order by adjusted_price)::numeric, -3)::numeric(14, 2)
            as price_mid,
        round(percentile_cont(0.75) within group (order by adjusted_price)::numeric, -3)::numeric(14, 2)
            as price_high,
        avg(similarity)::numeric(6, 4) as mean_similarity
    from comps
    group by subject_listing_key

)

select * from final
