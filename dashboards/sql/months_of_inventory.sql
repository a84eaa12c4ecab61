-- Austin Market & Pricing: months of inventory per city and price band in the latest month
-- (active listings over the trailing six months' average closings; null when nothing closed).
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
