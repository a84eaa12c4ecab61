{#- The areas (city, subdivision, ZIP) of every listing loaded after `since`, each with the earliest
    month any version of it counted in (its listing, off-market or close month): the cells of
    market_area_monthly such a change can touch, in every band, from that month on. Earlier
    versions come from int_listing_versions_captured, so a listing that moved area or date still
    clears the cells it used to count in. -#}
{% macro changed_listing_areas(since) -%}
    select
        areas.area_type,
        areas.area_name,
        min(versions.from_month) as from_month
    from (
        select
            changed.city,
            changed.subdivision,
            changed.postal_code,
            least(changed.listing_month, changed.off_market_month, changed.close_month) as from_month
        from {{ ref('int_listings_banded') }} as changed
        where changed.loaded_at > {{ since }}
        union all
        select
            earlier.city,
            earlier.subdivision,
            earlier.postal_code,
            date_trunc('month', least(earlier.listing_contract_date, earlier.off_market_date, earlier.close_date))::date
        from {{ ref('int_listing_versions_captured') }} as earlier
        inner join {{ ref('int_listings_banded') }} as changed on earlier.listing_key = changed.listing_key
        where changed.loaded_at > {{ since }}
    ) as versions
    cross join lateral (
        values ('city', versions.city), ('subdivision', versions.subdivision), ('zip', versions.postal_code)
    ) as areas (area_type, area_name)
    group by 1, 2
{%- endmacro %}
