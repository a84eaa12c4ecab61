-- Austin Market & Pricing: per price band (README, Definitions), the closed sales of the 12 months
-- up to the feed's date by close price, their median sale-to-list ratio and median days on market,
-- and the whole market's months of inventory in the latest month: the band's active listings at its
-- end (by list price) x 6 / the band's closed sales of the six months ending with it, none before the
-- feed's sixth month (cities partition the market, so their cells add up to it).
with sales as (
    select
        price_band,
        count(*) as closed_sales,
        percentile_cont(0.5) within group (
            order by cast(close_price as double precision) / nullif(cast(list_price as double precision), 0)
        ) as list_to_sale_ratio,
        percentile_cont(0.5) within group (order by cast(days_on_market as double precision))
            as median_days_on_market
    from marts.closed_sales
    group by price_band
),

months as (
    select
        max(month_start) as latest,
        cast(min(month_start) + interval '5 months' as date) as first_with_inventory
    from marts.market_area_monthly
),

inventory as (
    select
        m.price_band,
        sum(case when m.month_start = months.latest then m.active_inventory else 0 end) as active_inventory,
        sum(m.closed_sales) as six_months_closed_sales
    from marts.market_area_monthly as m
    cross join months
    where m.area_type = 'city' and m.month_start > cast(months.latest - interval '6 months' as date)
    group by m.price_band
)

select
    coalesce(s.price_band, i.price_band) as price_band,
    coalesce(s.closed_sales, 0) as closed_sales,
    s.list_to_sale_ratio,
    s.median_days_on_market,
    case
        when months.latest >= months.first_with_inventory
            then cast(i.active_inventory * 6 as double precision) / nullif(i.six_months_closed_sales, 0)
    end as months_of_inventory
from sales as s
full outer join inventory as i on s.price_band = i.price_band
cross join months
order by
    case coalesce(s.price_band, i.price_band) when 'below_entry' then 1 when 'entry' then 2 when 'mid' then 3 else 4 end,
    coalesce(s.price_band, i.price_band)
