{#- Each listing the market counts (in the market, or a closed sale) once per area it belongs to:
    its city, its subdivision and its ZIP code (README, Definitions: "market_area_monthly"). -#}
{%- set columns = [
    'listing_key', 'is_in_market', 'is_closed_sale', 'went_under_contract', 'has_price_reduction',
    'list_price_band', 'close_price_band', 'list_price', 'close_price', 'living_area_sqft',
    'recorded_days_on_market', 'recorded_cumulative_days_on_market', 'listing_month', 'off_market_month',
    'close_month', 'loaded_at',
] %}

with

-- read by each area below rather than materialized once: a reader's filter on an area (an
-- incremental market_area_monthly reads the areas a change touched) then reaches the table
listings as not materialized (

    select * from {{ ref('int_listings_banded') }}
    where is_in_market or is_closed_sale

),

final as (
    {% for area_type, area_column in [('city', 'city'), ('subdivision', 'subdivision'), ('zip', 'postal_code')] %}
        select
            {%- for column in columns %}
                listings.{{ column }},
            {%- endfor %}
            '{{ area_type }}' as area_type,
            listings.{{ area_column }} as area_name
        from listings
        where listings.{{ area_column }} is not null
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select * from final
