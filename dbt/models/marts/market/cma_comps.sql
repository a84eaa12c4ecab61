{{
    config(
        materialized='incremental',
        incremental_strategy='replace',
        unique_key='subject_listing_key',
        delete_marker='comp_listing_key',
        on_schema_change='append_new_columns'
    )
}}
{#- For each active listing, its K most similar closed sales as of its listing date
    (marts.comparable_sales; README, Definitions: "Comparable sales").

    A CMA as of the listing date depends only on the subject's features and on the sales of the
    year before it came on the market, never on "today", so a build recomputes only the subjects a
    change can touch: a new subject, one whose features changed (`subject_fingerprint`), one that
    has a changed sale among its comps, and one within whose search box and year a changed sale
    now falls (the narrow box when the narrow search found its comps, else the widest). Subjects
    no longer active are deleted (rows with a null comp_listing_key are delete markers for the
    `replace` strategy). `comp_loaded_at` (when the comp's MLS record was loaded) is the watermark:
    a sale loaded later is a change not yet seen. -#}

with

listings as (

    select * from {{ ref('int_listings_banded') }}

),

subjects as (

    select
        listing_key,
        property_sub_type,
        latitude,
        longitude,
        living_area_sqft,
        bedrooms_total,
        bathrooms_total,
        year_built,
        lot_size_acres,
        listing_contract_date as comps_as_of,
        md5(
            coalesce(property_sub_type, '') || '|' || coalesce(latitude::text, '') || '|'
            || coalesce(longitude::text, '') || '|' || coalesce(living_area_sqft::text, '') || '|'
            || coalesce(bedrooms_total::text, '') || '|' || coalesce(bathrooms_total::text, '') || '|'
            || coalesce(year_built::text, '') || '|' || coalesce(lot_size_acres::text, '') || '|'
            || coalesce(listing_contract_date::text, '')
        ) as subject_fingerprint
    from listings
    where is_active

),

{% if is_incremental() %}

{%- set has_watermark = has_column(this, 'comp_loaded_at') %}

    stored as (

        -- a table built before the bookkeeping columns existed is recomputed whole
        select
            subject_listing_key,
            {{ 'subject_fingerprint' if has_watermark else 'null::text as subject_fingerprint' }},
            comp_listing_key,
            {{ 'comp_loaded_at' if has_watermark else "'-infinity'::timestamptz as comp_loaded_at" }}
        from {{ this }}

    ),

    seen as (

        select coalesce(max(comp_loaded_at), '-infinity'::timestamptz) as loaded_at from stored

    ),

    changed_sales as (

        select listings.*
        from listings
        cross join seen
        where listings.loaded_at > seen.loaded_at

    ),

    boxed as (

        -- subjects within whose widest search box and year a changed sale now falls, and whether it
        -- falls in the narrow box too
        select
            subjects.listing_key as subject_listing_key,
            bool_or(
                {{ comparable_box('changed_sales', 'subjects.latitude', 'subjects.longitude', 'subjects.living_area_sqft') }}
            ) as is_in_narrow_box
        from subjects
        inner join changed_sales
            on
                changed_sales.is_closed_sale
                and subjects.property_sub_type = changed_sales.property_sub_type
                and {{ comparable_box(
                    'changed_sales', 'subjects.latitude', 'subjects.longitude', 'subjects.living_area_sqft', wide=true
                ) }}
                and changed_sales.close_date > subjects.comps_as_of - interval '{{ var("cma_months_back") }} months'
                and changed_sales.close_date <= subjects.comps_as_of
        group by subjects.listing_key

    ),

    narrow_searched as (

        -- of those, the subjects whose K comps all lie in the narrow box: the narrow search found K or
        -- more (had it found fewer, the wide search would have ranked in at least one sale outside it),
        -- so only a sale in that box can change their comps
        select stored.subject_listing_key
        from stored
        inner join boxed on stored.subject_listing_key = boxed.subject_listing_key
        inner join subjects on stored.subject_listing_key = subjects.listing_key
        inner join listings as comp on stored.comp_listing_key = comp.listing_key
        where not boxed.is_in_narrow_box
        group by stored.subject_listing_key
        having
            count(*) = {{ var('cma_comps_per_subject') }}
            and bool_and(
                {{ comparable_box('comp', 'subjects.latitude', 'subjects.longitude', 'subjects.living_area_sqft') }}
            )

    ),

    touched as (

        select subjects.listing_key as subject_listing_key
        from subjects
        left join (select distinct subject_listing_key, subject_fingerprint from stored) as computed
            on
                subjects.listing_key = computed.subject_listing_key
                and subjects.subject_fingerprint = computed.subject_fingerprint
        where computed.subject_listing_key is null
        union
        select stored.subject_listing_key
        from stored
        inner join changed_sales on stored.comp_listing_key = changed_sales.listing_key
        inner join subjects on stored.subject_listing_key = subjects.listing_key
        union
        select boxed.subject_listing_key
        from boxed
        left join narrow_searched on boxed.subject_listing_key = narrow_searched.subject_listing_key
        where narrow_searched.subject_listing_key is null

    ),

    gone as (

        select distinct stored.subject_listing_key
        from stored
        left join subjects on stored.subject_listing_key = subjects.listing_key
        where subjects.listing_key is null

    ),

{% else %}

    touched as (

        select listing_key as subject_listing_key from subjects

    ),

{% endif %}

touched_subjects as materialized (

    -- fenced, so that the search runs for the touched subjects only
    select subjects.*
    from subjects
    inner join touched on subjects.listing_key = touched.subject_listing_key

),

comps as (

    select
        subjects.listing_key as subject_listing_key,
        subjects.comps_as_of,
        comp.listing_key as comp_listing_key,
        row_number() over (
            partition by subjects.listing_key order by comp.similarity desc, comp.listing_key asc
        )::integer as comp_rank,
        comp.close_price,
        comp.close_date,
        comp.price_per_sqft,
        comp.distance_miles,
        comp.similarity,
        comp.adjusted_price,
        subjects.subject_fingerprint
    from touched_subjects as subjects
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
        subjects.comps_as_of
    ) as comp

),

final as (

    select
        comps.subject_listing_key,
        comps.comps_as_of,
        comps.comp_listing_key,
        comps.comp_rank,
        comps.close_price,
        comps.close_date,
        comps.price_per_sqft,
        comps.distance_miles,
        comps.similarity,
        comps.adjusted_price,
        comps.subject_fingerprint,
        listings.loaded_at as comp_loaded_at
    from comps
    inner join listings on comps.comp_listing_key = listings.listing_key
    {% if is_incremental() %}
        union all
        {{ delete_markers('touched', ['subject_listing_key']) }}
        union all
        {{ delete_markers('gone', ['subject_listing_key']) }}
    {% endif %}

)

select * from final
