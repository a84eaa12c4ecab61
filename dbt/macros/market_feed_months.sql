{#- The months market_area_monthly reports (README, Definitions): from the feed's first month (of
    the earliest listing date among the listings the market counts, `listing_areas`:
    int_listing_areas_unpivoted) to the as-of month. One row. -#}
{% macro market_feed_months(listing_areas) -%}
    select
        min({{ listing_areas }}.listing_month) as first_month,
        date_trunc('month', {{ as_of_date() }})::date as as_of_month
    from {{ listing_areas }}
{%- endmacro %}
