-- Austin Market & Pricing: median close price, $/sqft and days on market per city, price band and
-- month, for the months with closings.
select
    area_name as city,
    price_band,
    month_start,
    closed_sales,
    median_close_price,
    median_price_per_sqft,
    median_days_on_market,
    list_to_sale_ratio
from marts.market_area_monthly
where area_type = 'city' and closed_sales > 0
order by city, price_band, month_start
