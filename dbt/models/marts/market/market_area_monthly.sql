{#- The Austin market per area (city, subdivision and ZIP), price band and month.

    A listing belongs to the band of its list price: entry $300k to under $500k, mid $500k to
    under $1M, luxury $1M and up (exactly $500k is mid, exactly $1M is luxury); below $300k is
    below_entry. Active inventory is counted at month end; new listings by listing date; pending
    by the month the listing went under contract; closed sales by close date. Months of inventory
    is active inventory over the average monthly closings of the trailing six months (this month
    included). Price-reduction share is the share of month-end active listings whose list price is
    below their original one. -#}

with

listings as (

    select * from {{ ref('stg_mls__properties') }}
    where not is_deleted and listing_contract_date is not null and standard_status <> 'ComingSoon'

),

areas as (

    select
        'city' as area_type,
        city as area_name,
        *
    from listings
    union all
    select
        'subdivision' as area_type,
        subdivision as area_name,
        *
    from listings
    union all
    select
        'zip' as area_type,
        postal_code as area_name,
        *
    from listings

),

months as (

    select generate_series(
        (select date_trunc('month', min(listing_contract_date)) from listings),
        date_trunc('month', {{ as_of_date() }}),
        interval '1 month'
    )::date as month_start

),

spine as (

    select distinct
        areas.area_type,
        areas.area_name,
        areas.list_price_band as price_band,
        months.month_start
    from areas
    cross join months
    where areas.area_name is not null

),

listed as (

    select
        area_type,
        area_name,
        list_price_band as price_band,
        date_trunc('month', listing_contract_date)::date as month_start,
        count(*) as new_listings
    from areas
    group by 1, 2, 3, 4

),

went_off_market as (

    select
        area_type,
        area_name,
        list_price_band as price_band,
        date_trunc('month', off_market_date)::date as month_start,
        count(*) as off_market,
        count(*) filter (where standard_status in ('Pending', 'ActiveUnderContract', 'Closed')) as pending
    from areas
    where off_market_date is not null
    group by 1, 2, 3, 4

),

closed as (

    select
        area_type,
        area_name,
        list_price_band as price_band,
        date_trunc('month', close_date)::date as month_start,
        count(*) as closed_sales,
        percentile_cont(0.5) within group (order by close_price) as median_close_price,
        avg(close_price) as mean_close_price,
        percentile_cont(0.5) within group (order by close_price / nullif(living_area_sqft, 0))
            as median_price_per_sqft,
        percentile_cont(0.5) within group (order by days_on_market) as median_days_on_market,
        percentile_cont(0.5) within group (order by cumulative_days_on_market) as median_cumulative_days_on_market,
        percentile_cont(0.5) within group (order by close_price / nullif(list_price, 0)) as list_to_sale_ratio
    from areas
    where close_date is not null and close_price is not null
    group by 1, 2, 3, 4

),

activity_changes as (

    -- +1 in the month a listing came on the market, -1 in the month it went off: a running sum
    -- is the month-end active inventory (the same for those with a price reduction).
    select
        area_type,
        area_name,
        list_price_band as price_band,
        date_trunc('month', listing_contract_date)::date as month_start,
        1 as active_change,
        has_price_reduction::integer as reduced_change
    from areas
    union all
    select
        area_type,
        area_name,
        list_price_band as price_band,
        date_trunc('month', off_market_date)::date as month_start,
        -1 as active_change,
        -has_price_reduction::integer as reduced_change
    from areas
    where off_market_date is not null

),

monthly_changes as (

    select
        area_type,
        area_name,
        price_band,
        month_start,
        sum(active_change) as active_change,
        sum(reduced_change) as reduced_change
    from activity_changes
    group by 1, 2, 3, 4

),

month_end_active as (

    select
        spine.area_type,
        spine.area_name,
        spine.price_band,
        spine.month_start,
        sum(coalesce(monthly_changes.active_change, 0)) over months_so_far as active_inventory,
        sum(coalesce(monthly_changes.reduced_change, 0)) over months_so_far as active_with_price_reduction
    from spine
    left join monthly_changes
        on
            spine.area_type = monthly_changes.area_type
            and spine.area_name = monthly_changes.area_name
            and spine.price_band = monthly_changes.price_band
            and spine.month_start = monthly_changes.month_start
    window months_so_far as (
        partition by spine.area_type, spine.area_name, spine.price_band
        order by spine.month_start rows between unbounded preceding and current row
    )

),

joined as (

    select
        spine.area_type,
        spine.area_name,
        spine.price_band,
        spine.month_start,
        coalesce(month_end_active.active_inventory, 0) as active_inventory,
        coalesce(listed.new_listings, 0) as new_listings,
        coalesce(went_off_market.pending, 0) as pending,
        coalesce(closed.closed_sales, 0) as closed_sales,
        closed.median_close_price,
        closed.mean_close_price,
        closed.median_price_per_sqft,
        closed.median_days_on_market,
        closed.median_cumulative_days_on_market,
        closed.list_to_sale_ratio,
        month_end_active.active_with_price_reduction
    from spine
    left join month_end_active
        on
            spine.area_type = month_end_active.area_type
            and spine.area_name = month_end_active.area_name
            and spine.price_band = month_end_active.price_band
            and spine.month_start = month_end_active.month_start
    left join listed
        on
            spine.area_type = listed.area_type
            and spine.area_name = listed.area_name
            and spine.price_band = listed.price_band
            and spine.month_start = listed.month_start
    left join went_off_market
        on
            spine.area_type = went_off_market.area_type
            and spine.area_name = went_off_market.area_name
            and spine.price_band = went_off_market.price_band
            and spine.month_start = went_off_market.month_start
    left join closed
        on
            spine.area_type = closed.area_type
            and spine.area_name = closed.area_name
            and spine.price_band = closed.price_band
            and spine.month_start = closed.month_start

),

final as (

    select
        area_type,
        area_name,
        price_band,
        month_start,
        active_inventory::integer as active_inventory,
        new_listings::integer as new_listings,
        pending::integer as pending,
        closed_sales::integer as closed_sales,
        median_close_price::numeric(14, 2) as median_close_price,
        mean_close_price::numeric(14, 2) as mean_close_price,
        median_price_per_sqft::numeric(10, 2) as median_price_per_sqft,
        median_days_on_market::numeric(8, 1) as median_days_on_market,
        median_cumulative_days_on_market::numeric(8, 1) as median_cumulative_days_on_market,
        list_to_sale_ratio::numeric(6, 4) as list_to_sale_ratio,
        (active_with_price_reduction::numeric / nullif(active_inventory, 0))::numeric(6, 4)
            as price_reduction_share,
        {{ months_of_inventory(
            'active_inventory', 'closed_sales', 'area_type, area_name, price_band', 'month_start'
        ) }} as months_of_inventory
    from joined

)

select * from final
