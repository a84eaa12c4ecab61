{#- The cells of market_area_monthly that a listing loaded after `since` can touch, as spans of
    months per area (its city, subdivision and ZIP) and band, for every version of it (earlier
    versions come from int_listing_versions_captured, so a listing that moved area, band or date
    still clears the cells it used to count in):
    - by its list-price band, from its listing month to its off-market month (or on, while it has
      none): the months it was in inventory, new, or went pending;
    - by its close-price band, from its close month to five months later: the month of the sale and
      the months whose six-month window (months of inventory) counts it.
    A version without such a month or band adds no span (it counts in no cell). -#}
{% macro changed_listing_cells(since) -%}
    select distinct
        areas.area_type,
        areas.area_name,
        spans.price_band,
        spans.from_month,
        spans.to_month
    from (
        select
            changed.city,
            changed.subdivision,
            changed.postal_code,
            changed.list_price_band,
            changed.close_price_band,
            changed.listing_month,
            changed.off_market_month,
            changed.close_month
        from {{ ref('int_listings_banded') }} as changed
        where changed.loaded_at > {{ since }}
        union all
        select
            earlier.city,
            earlier.subdivision,
            earlier.postal_code,
            {{ price_band('earlier.list_price') }},
            {{ price_band('earlier.close_price') }},
            date_trunc('month', earlier.listing_contract_date)::date,
            date_trunc('month', earlier.off_market_date)::date,
            date_trunc('month', earlier.close_date)::date
        from {{ ref('int_listing_versions_captured') }} as earlier
        inner join {{ ref('int_listings_banded') }} as changed on earlier.listing_key = changed.listing_key
        where changed.loaded_at > {{ since }}
    ) as versions
    cross join lateral (
        values ('city', versions.city), ('subdivision', versions.subdivision), ('zip', versions.postal_code)
    ) as areas (area_type, area_name)
    cross join lateral (
        values
        (versions.list_price_band, versions.listing_month, coalesce(versions.off_market_month, 'infinity'::date)),
        (versions.close_price_band, versions.close_month, (versions.close_month + interval '5 months')::date)
    ) as spans (price_band, from_month, to_month)
    where areas.area_name is not null and spans.price_band is not null and spans.from_month is not null
{%- endmacro %}
