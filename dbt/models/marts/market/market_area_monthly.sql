{{
    config(
        materialized='incremental',
        incremental_strategy='replace',
        unique_key=['area_type', 'area_name', 'price_band', 'month_start'],
        delete_marker='active_inventory',
        on_schema_change='append_new_columns',
        pre_hook="set local enable_mergejoin = {{ 'off' if is_incremental() else 'on' }}"
    )
}}
{#- The Austin market per area (city, subdivision, ZIP), price band and month (README, Definitions:
    "market_area_monthly"): inventory, new and pending listings by current list-price band; closed
    sales and their measures by close-price band; months of inventory from the feed's sixth month.

    Incremental: a build recomputes only the cells a change can touch. A changed listing (each of
    its versions) touches, in its areas, the months it counted in by its list-price band (listing
    to off-market month) and by its close-price band (its close month and the five after, for
    months of inventory; macro changed_listing_cells). The spine is the stored cells' areas and
    bands, less the changed ones no listing holds any more, plus the changed ones new to it, times
    the feed's months: so a build reads the listings of the changed areas only. Cells new to the
    spine (a month, an area, a band) are computed; cells that left it are deleted (delete markers
    for the `replace` strategy); when the feed's first month moves, every cell is recomputed.
    `listings_loaded_at`, the newest load among the listings counted in a cell, is the watermark: a
    listing loaded later is a change not yet seen. An incremental build plans without merge joins
    (for this transaction only): PostgreSQL cannot estimate how many listings the touched areas
    hold, guesses a few thousand, and sorted 290,000 rows at scale 20 where hashing is faster. -#}
-- depends_on: {{ ref('int_listing_versions_captured') }}
-- depends_on: {{ ref('int_listings_banded') }}

with

{% if is_incremental() -%}
{%- set has_watermark = has_column(this, 'listings_loaded_at') %}

    all_listing_areas as (

        select * from {{ ref('int_listing_areas_unpivoted') }}

    ),

    feed as (

        {{ market_feed_months('all_listing_areas') }}

    ),

    months as (

        select months.month_start::date as month_start
        from feed
        cross join lateral generate_series(feed.first_month, feed.as_of_month, interval '1 month') as months (month_start)

    ),

    stored as (

        select
            area_type,
            area_name,
            price_band,
            month_start,
            {{ 'listings_loaded_at' if has_watermark else "'-infinity'::timestamptz as listings_loaded_at" }}
        from {{ this }}

    ),

    seen as (

        -- a table built before the watermark existed is recomputed whole (its first month is unknown)
        select
            coalesce(max(listings_loaded_at), '-infinity'::timestamptz) as loaded_at,
            {{ 'min(month_start)' if has_watermark else 'null::date' }} as first_month,
            max(month_start) as as_of_month
        from stored

    ),

    stored_bands as (

        select
            area_type,
            area_name,
            price_band
        from stored
        group by 1, 2, 3

    ),

    changed_cells as (

        {{ changed_listing_cells('(select seen.loaded_at from seen)') }}

    ),

    changed_bands as (

        select distinct
            area_type,
            area_name,
            price_band
        from changed_cells

    ),

    changed_listing_areas as (

        -- the listings of the areas a change touched (an array rather than a join, so that the filter
        -- reaches each area column of the view)
        select * from {{ ref('int_listing_areas_unpivoted') }}
        where area_name = any(array(select distinct changed_cells.area_name from changed_cells))

    ),

    bands as (

        -- the spine's areas and bands, kept up to date from the changes rather than derived from
        -- every listing: the stored ones no change touched, and the changed ones that still hold a
        -- listing the market counts (by list price in the market, or by close price)
        select
            stored_bands.area_type,
            stored_bands.area_name,
            stored_bands.price_band,
            false as is_new
        from stored_bands
        left join changed_bands
            on
                stored_bands.area_type = changed_bands.area_type
                and stored_bands.area_name = changed_bands.area_name
                and stored_bands.price_band = changed_bands.price_band
        where changed_bands.area_type is null
        union all
        select
            changed_bands.area_type,
            changed_bands.area_name,
            changed_bands.price_band,
            stored_bands.area_type is null as is_new
        from changed_bands
        left join stored_bands
            on
                changed_bands.area_type = stored_bands.area_type
                and changed_bands.area_name = stored_bands.area_name
                and changed_bands.price_band = stored_bands.price_band
        where exists (
            select
            from changed_listing_areas
            where
                changed_listing_areas.area_type = changed_bands.area_type
                and changed_listing_areas.area_name = changed_bands.area_name
                and (
                    (
                        changed_listing_areas.is_in_market
                        and changed_listing_areas.list_price_band = changed_bands.price_band
                    )
                    or (
                        changed_listing_areas.is_closed_sale
                        and changed_listing_areas.close_price_band = changed_bands.price_band
                    )
                )
        )

    ),

    touched as (

        -- every cell when the feed's first month moved; else the cells of new areas and bands and of
        -- new months, and the cells a change can touch
        select
            bands.area_type,
            bands.area_name,
            bands.price_band,
            months.month_start
        from bands
        cross join months
        cross join feed
        cross join seen
        where
            bands.is_new
            or months.month_start > seen.as_of_month
            or feed.first_month is distinct from seen.first_month
        union
        select
            bands.area_type,
            bands.area_name,
            bands.price_band,
            months.month_start
        from bands
        inner join changed_cells
            on
                bands.area_type = changed_cells.area_type
                and bands.area_name = changed_cells.area_name
                and bands.price_band = changed_cells.price_band
        inner join months on months.month_start between changed_cells.from_month and changed_cells.to_month

    ),

    gone as (

        -- stored cells out of the spine: of an area and band no listing holds any more, or of a month
        -- outside the feed's
        select
            stored.area_type,
            stored.area_name,
            stored.price_band,
            stored.month_start
        from stored
        cross join feed
        left join bands
            on
                stored.area_type = bands.area_type
                and stored.area_name = bands.area_name
                and stored.price_band = bands.price_band
        where bands.area_type is null or stored.month_start not between feed.first_month and feed.as_of_month

    ),

{% else %}

    listing_areas as (

        select * from {{ ref('int_listing_areas_unpivoted') }}

    ),

    spine as (

        select * from {{ ref('int_market_cells_spanned') }}

    ),

    feed as (

        select distinct
            first_month,
            as_of_month
        from spine

    ),

    touched as (

        select
            area_type,
            area_name,
            price_band,
            month_start
        from spine

    ),

{% endif %}

touched_groups as (

    select
        area_type,
        area_name,
        price_band,
        min(month_start) as from_month,
        max(month_start) as to_month
    from touched
    group by 1, 2, 3

),

{% if is_incremental() %}

    listing_areas as (

        -- the listings of the touched areas only
        select * from {{ ref('int_listing_areas_unpivoted') }}
        where area_name = any(array(select distinct touched_groups.area_name from touched_groups))

    ),

{% endif %}

listing_months as (

    -- what each listing adds to each touched month of its list-price band: active at the month's end
    -- (from its listing month to the month before it went off the market, or to the as-of month),
    -- listed in it, or gone under contract in it
    select
        listing_areas.area_type,
        listing_areas.area_name,
        listing_areas.list_price_band as price_band,
        months.month_start::date as month_start,
        months.month_start < coalesce(listing_areas.off_market_month, 'infinity'::date) as is_active_at_month_end,
        listing_areas.has_price_reduction,
        months.month_start = listing_areas.listing_month as is_new,
        months.month_start = listing_areas.off_market_month and listing_areas.went_under_contract as is_pending,
        listing_areas.loaded_at
    from listing_areas
    inner join touched_groups
        on
            listing_areas.area_type = touched_groups.area_type
            and listing_areas.area_name = touched_groups.area_name
            and listing_areas.list_price_band = touched_groups.price_band
    cross join feed
    cross join
        lateral generate_series(
            greatest(listing_areas.listing_month, touched_groups.from_month),
            least(
                coalesce(listing_areas.off_market_month, feed.as_of_month), feed.as_of_month, touched_groups.to_month
            ),
            interval '1 month'
        ) as months (month_start)
    where listing_areas.is_in_market

),

inventory as (

    select
        area_type,
        area_name,
        price_band,
        month_start,
        count(*) filter (where is_active_at_month_end) as active_inventory,
        count(*) filter (where is_active_at_month_end and has_price_reduction) as active_with_price_reduction,
        count(*) filter (where is_new) as new_listings,
        count(*) filter (where is_pending) as pending,
        max(loaded_at) as loaded_at
    from listing_months
    group by 1, 2, 3, 4

),

sales as (

    select
        listing_areas.area_type,
        listing_areas.area_name,
        listing_areas.close_price_band as price_band,
        listing_areas.close_month as month_start,
        count(*) as closed_sales,
        percentile_cont(0.5) within group (order by listing_areas.close_price) as median_close_price,
        avg(listing_areas.close_price) as mean_close_price,
        percentile_cont(0.5) within group (
            order by listing_areas.close_price / nullif(listing_areas.living_area_sqft, 0)
        ) as median_price_per_sqft,
        percentile_cont(0.5) within group (order by listing_areas.recorded_days_on_market) as median_days_on_market,
        percentile_cont(0.5) within group (order by listing_areas.recorded_cumulative_days_on_market)
            as median_cumulative_days_on_market,
        percentile_cont(0.5) within group (
            order by listing_areas.close_price / nullif(listing_areas.list_price, 0)
        ) as list_to_sale_ratio,
        max(listing_areas.loaded_at) as loaded_at
    from listing_areas
    inner join touched_groups
        on
            listing_areas.area_type = touched_groups.area_type
            and listing_areas.area_name = touched_groups.area_name
            and listing_areas.close_price_band = touched_groups.price_band
    where
        listing_areas.is_closed_sale
        and listing_areas.close_month >= (touched_groups.from_month - interval '5 months')::date
        and listing_areas.close_month <= touched_groups.to_month
    group by 1, 2, 3, 4

),

six_months as (

    select
        touched.area_type,
        touched.area_name,
        touched.price_band,
        touched.month_start,
        sum(sales.closed_sales) as closed_sales,
        max(sales.loaded_at) as loaded_at
    from touched
    inner join sales
        on
            touched.area_type = sales.area_type
            and touched.area_name = sales.area_name
            and touched.price_band = sales.price_band
            and sales.month_start between (touched.month_start - interval '5 months')::date and touched.month_start
    group by 1, 2, 3, 4

),

cells as (

    select
        touched.*,
        coalesce(inventory.active_inventory, 0) as active_inventory,
        coalesce(inventory.active_with_price_reduction, 0) as active_with_price_reduction,
        coalesce(inventory.new_listings, 0) as new_listings,
        coalesce(inventory.pending, 0) as pending,
        coalesce(sales.closed_sales, 0) as closed_sales,
        sales.median_close_price,
        sales.mean_close_price,
        sales.median_price_per_sqft,
        sales.median_days_on_market,
        sales.median_cumulative_days_on_market,
        sales.list_to_sale_ratio,
        coalesce(six_months.closed_sales, 0) as six_months_closed_sales,
        greatest(inventory.loaded_at, six_months.loaded_at) as listings_loaded_at
    from touched
    left join inventory
        on
            touched.area_type = inventory.area_type
            and touched.area_name = inventory.area_name
            and touched.price_band = inventory.price_band
            and touched.month_start = inventory.month_start
    left join sales
        on
            touched.area_type = sales.area_type
            and touched.area_name = sales.area_name
            and touched.price_band = sales.price_band
            and touched.month_start = sales.month_start
    left join six_months
        on
            touched.area_type = six_months.area_type
            and touched.area_name = six_months.area_name
            and touched.price_band = six_months.price_band
            and touched.month_start = six_months.month_start

),

final as (

    select
        cells.area_type,
        cells.area_name,
        cells.price_band,
        cells.month_start,
        cells.active_inventory::integer as active_inventory,
        cells.new_listings::integer as new_listings,
        cells.pending::integer as pending,
        cells.closed_sales::integer as closed_sales,
        cells.median_close_price::numeric(14, 2) as median_close_price,
        cells.mean_close_price::numeric(14, 2) as mean_close_price,
        cells.median_price_per_sqft::numeric(10, 2) as median_price_per_sqft,
        cells.median_days_on_market::numeric(8, 1) as median_days_on_market,
        cells.median_cumulative_days_on_market::numeric(8, 1) as median_cumulative_days_on_market,
        cells.list_to_sale_ratio::numeric(6, 4) as list_to_sale_ratio,
        (cells.active_with_price_reduction::numeric / nullif(cells.active_inventory, 0))::numeric(6, 4)
            as price_reduction_share,
        {{ months_of_inventory(
            'cells.active_inventory', 'cells.six_months_closed_sales', 'cells.month_start', 'feed.first_month'
        ) }} as months_of_inventory,
        cells.listings_loaded_at
    from cells
    cross join feed
    {% if is_incremental() %}
        union all
        {{ delete_markers('gone', ['area_type', 'area_name', 'price_band', 'month_start']) }}
    {% endif %}

)

select * from final
