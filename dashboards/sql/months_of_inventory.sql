-- Austin Market & Pricing: months of inventory per city and price band in the latest month (README,
-- Definitions): active listings at the month's end (by list price) x 6 / closed sales of the six
-- months ending with it (by close price), rounded half-up to cents; none before the feed's sixth
-- month or when nothing closed in those six months.
select
    area_name as city,
    price_band,
    month_start,
    active_inventory,
    new_listings,
    pending,
    months_of_inventory,
    price_reduction_share
from marts.market_area_monthly
where
    area_type = 'city'
    and month_start = (select max(month_start) from marts.market_area_monthly)
    and (active_inventory > 0 or closed_sales > 0)
order by city, price_band
