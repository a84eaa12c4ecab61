-- Austin Market & Pricing: the whole market month by month from the closed sales: volume, median
-- close price and $/sqft, median days on market (medians over doubles, interpolated alike).
select
    cast(date_trunc('month', close_date) as date) as month_start,
    count(*) as closed_sales,
    sum(close_price) as sales_volume,
    percentile_cont(0.5) within group (order by cast(close_price as double precision)) as median_close_price,
    percentile_cont(0.5) within group (order by cast(price_per_sqft as double precision))
        as median_price_per_sqft,
    percentile_cont(0.5) within group (order by cast(days_on_market as double precision))
        as median_days_on_market
from marts.closed_sales
group by cast(date_trunc('month', close_date) as date)
order by month_start
