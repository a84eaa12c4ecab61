{#- For each active listing, the K most similar recent closed sales (marts.comparable_sales). -#}

with

subjects as (

    select * from {{ ref('listing_search') }}

),

comps as (

    select
        subjects.listing_key as subject_listing_key,
        comp.listing_key as comp_listing_key,
        row_number() over (
            partition by subjects.listing_key order by comp.similarity desc, comp.listing_key asc
        )::integer as comp_rank,
        comp.close_price,
        comp.close_date,
        comp.price_per_sqft,
        comp.distance_miles,
        comp.similarity,
        comp.adjusted_price
    from subjects
    cross join lateral {{ ref('closed_sales').schema }}.comparable_sales(
        subjects.property_sub_type,
        subjects.latitude,
        subjects.longitude,
        subjects.living_area_sqft,
        subjects.bedrooms_total,
        subjects.bathrooms_total,
        subjects.year_built,
        subjects.lot_size_acres,
        {{ var('cma_comps_per_subject') }},
        subjects.listing_key,
        {{ as_of_date() }}
    ) as comp

)

select * from comps
