{#- marts.comparable_sales(subject features, k, as_of): the K closed sales most like a subject
    property, as of a date (README, Definitions: "Comparable sales").

    0. The pool: closed sales (status Closed, not deleted, a close date and a close price above
       zero) whose close date is in the `cma_months_back` months up to `as_of`, read from `pool`
       (int_listings_banded: every listing the feed holds, typed).
    1. Bounding filter, served by the pool's B-tree indexes: same property subtype, within about a
       mile (0.015 degrees of latitude, 0.018 of longitude) and 75%-133% of the subject's living
       area; only when that finds fewer than K sales, within about 5 miles (0.07, 0.08) and
       65%-150%.
    2. Ranking by distance over normalised features (each unit below counts as 1):
           1 mile apart, 10% difference in living area, 1 bedroom, 1 bathroom,
           10 years of construction, 0.25 acre of lot, 6 months between the sale and `as_of`.
       similarity = 1 / (1 + distance), so 1.0 is an identical property sold today next door.
    3. Adjusted price = the comp's close $/sqft times the subject's living area.
    No Postgres extension is needed: it runs on any PostgreSQL. -#}
{% macro create_comparable_sales_function(pool) %}
create or replace function {{ this.schema }}.comparable_sales(
    subject_sub_type text,
    subject_latitude double precision,
    subject_longitude double precision,
    subject_living_area numeric,
    subject_bedrooms integer,
    subject_bathrooms integer,
    subject_year_built integer,
    subject_lot_acres numeric,
    comps_wanted integer default {{ var('cma_comps_per_subject') }},
    exclude_listing_key text default null,
    as_of date default current_date
)
returns table (
    listing_key text,
    street_address text,
    city text,
    close_price numeric,
    close_date date,
    living_area_sqft numeric,
    bedrooms_total integer,
    bathrooms_total integer,
    year_built integer,
    price_per_sqft numeric,
    distance_miles double precision,
    similarity numeric,
    adjusted_price numeric
)
language sql
stable
as $function$
    with nearby as (
        select {{ _pool_columns() }}
        from {{ pool.include(database=False) }} as sale
        where
            sale.property_sub_type = subject_sub_type
            and {{ comparable_box('sale', 'subject_latitude', 'subject_longitude', 'subject_living_area') }}
            and {{ _in_pool() }}
    ),
    wider as (
        select {{ _pool_columns() }}
        from {{ pool.include(database=False) }} as sale
        where
            (select count(*) from nearby) < comps_wanted
            and sale.property_sub_type = subject_sub_type
            and {{ comparable_box('sale', 'subject_latitude', 'subject_longitude', 'subject_living_area', wide=true) }}
            and {{ _in_pool() }}
    ),
    candidates as (
        select
            pool.*,
            sqrt(
                power((pool.latitude - subject_latitude) * 69.0, 2)
                + power((pool.longitude - subject_longitude) * 59.8, 2)
            ) as miles
        from (
            select * from nearby
            union
            select * from wider
        ) as pool
    ),
    ranked as (
        select
            candidates.*,
            sqrt(
                power(candidates.miles, 2)
                + power((candidates.living_area_sqft - subject_living_area) / subject_living_area / 0.10, 2)
                + power(coalesce(candidates.bedrooms_total - subject_bedrooms, 0), 2)
                + power(coalesce(candidates.bathrooms_total - subject_bathrooms, 0), 2)
                + power(coalesce(candidates.year_built - subject_year_built, 0) / 10.0, 2)
                + power(coalesce(candidates.lot_size_acres - subject_lot_acres, 0) / 0.25, 2)
                + power((as_of - candidates.close_date) / 182.5, 2)
            ) as distance
        from candidates
    )
    select
        ranked.listing_key,
        ranked.street_address,
        ranked.city,
        ranked.close_price,
        ranked.close_date,
        ranked.living_area_sqft,
        ranked.bedrooms_total,
        ranked.bathrooms_total,
        ranked.year_built,
        ranked.price_per_sqft,
        round(ranked.miles::numeric, 2)::double precision,
        round((1 / (1 + ranked.distance))::numeric, 4),
        round(ranked.price_per_sqft * subject_living_area, -3)
    from ranked
    order by ranked.distance, ranked.listing_key
    limit comps_wanted
$function$
{% endmacro %}

{#- The bounding filter of step 1: `sale` within about a mile of the subject and 75%-133% of its
    living area, or (`wide`) about 5 miles and 65%-150%. cma_comps uses it too, to find the subjects a
    changed sale can touch. -#}
{% macro comparable_box(sale, latitude, longitude, living_area, wide=false) -%}
    {%- set degrees, area = ((0.07, 0.08), (0.65, 1.5)) if wide else ((0.015, 0.018), (0.75, 1.33)) -%}
    {{ sale }}.latitude between {{ latitude }} - {{ degrees[0] }} and {{ latitude }} + {{ degrees[0] }}
            and {{ sale }}.longitude between {{ longitude }} - {{ degrees[1] }} and {{ longitude }} + {{ degrees[1] }}
            and {{ sale }}.living_area_sqft between {{ living_area }} * {{ area[0] }} and {{ living_area }} * {{ area[1] }}
{%- endmacro %}

{#- A closed sale of the 12 months up to `as_of`, other than the subject. -#}
{% macro _in_pool() -%}
    sale.is_closed_sale
            and sale.close_date > as_of - interval '{{ var("cma_months_back") }} months'
            and sale.close_date <= as_of
            and sale.listing_key is distinct from exclude_listing_key
{%- endmacro %}

{% macro _pool_columns() -%}
    sale.listing_key, sale.street_address, sale.city, sale.latitude, sale.longitude, sale.close_price,
            sale.close_date, sale.living_area_sqft, sale.bedrooms_total, sale.bathrooms_total, sale.year_built,
            sale.lot_size_acres, (sale.close_price / nullif(sale.living_area_sqft, 0))::numeric(10, 2) as price_per_sqft
{%- endmacro %}
