-- Austin Market & Pricing: per price band over the latest 12 months, closed sales, the
-- closings-weighted list-to-sale ratio and median days on market, and the average months of
-- inventory (cities partition the market, so summing over them counts every sale once).
select
    price_band,
    sum(closed_sales) as closed_sales,
    sum(cast(list_to_sale_ratio as double precision) * closed_sales)
    / nullif(sum(case when list_to_sale_ratio is not null then closed_sales else 0 end), 0)
        as list_to_sale_ratio,
    sum(cast(median_days_on_market as double precision) * closed_sales)
    / nullif(sum(case when median_days_on_market is not null then closed_sales else 0 end), 0)
        as weighted_median_days_on_market,
    avg(cast(months_of_inventory as double precision)) as avg_months_of_inventory
from marts.market_area_monthly
where
    area_type = 'city'
    and month_start > (
        select cast(max(month_start) - interval '12 months' as date) from marts.market_area_monthly
    )
group by price_band
order by
    case price_band when 'below_entry' then 1 when 'entry' then 2 when 'mid' then 3 else 4 end,
    price_band
