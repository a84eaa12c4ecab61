{{
    config(
        materialized='incremental',
        incremental_strategy='replace',
        unique_key='listing_key',
        delete_marker='checked_at',
        on_schema_change='append_new_columns'
    )
}}
{#- Every fair-housing flag on a listing's public remarks, with the listing office to follow up, the
    rule or model that raised it (flag_rule: exclusion, preference, requirement, area-makeup,
    steering, coded appeals...; flag_source: rule or model).

    Incremental: a build replaces the flags of the listings loaded, or checked, since the newest it
    holds (`listing_loaded_at`, `checked_at`), and deletes those of changed listings that have none
    now (deleted from the feed, or cleared by a re-check; delete markers for the `replace`
    strategy). -#}
-- depends_on: {{ ref('int_listings_banded') }}
-- depends_on: {{ ref('stg_app__listing_remark_checks') }}

with

{% if is_incremental() %}
{%- set has_watermark = has_column(this, 'listing_loaded_at') %}

    seen as (

        -- a table built before the watermark existed is replaced whole
        select
            coalesce(max(checked_at), '-infinity'::timestamptz) as checked_at,
            {{ "coalesce(max(listing_loaded_at), '-infinity'::timestamptz)" if has_watermark
                else "'-infinity'::timestamptz" }} as listing_loaded_at
        from {{ this }}

    ),

    changed as (

        select loaded.listing_key
        from {{ ref('int_listings_banded') }} as loaded
        where loaded.loaded_at > (select seen.listing_loaded_at from seen)
        union
        select checked.listing_key
        from {{ ref('stg_app__listing_remark_checks') }} as checked
        where checked.checked_at > (select seen.checked_at from seen)

    ),

{% endif %}

flags as (

    select * from {{ ref('stg_app__listing_remark_flags') }}
    {% if is_incremental() %}
        -- an array rather than a join, so the filter reaches the keys' indexes under the staging views
        where listing_key = any(array(select changed.listing_key from changed))
    {% endif %}

),

listings as (

    select * from {{ ref('stg_mls__properties') }}
    {% if is_incremental() %}
        where listing_key = any(array(select changed.listing_key from changed))
    {% endif %}

),

final as (

    select
        flags.listing_key,
        listings.listing_id,
        listings.list_office_key,
        listings.list_office_name,
        listings.standard_status,
        flags.protected_class,
        flags.flagged_phrase,
        flags.flag_reason,
        flags.flag_rule,
        flags.flag_source,
        flags.rules_version,
        flags.checked_at,
        listings.loaded_at as listing_loaded_at
    from flags
    inner join listings on flags.listing_key = listings.listing_key
    where not listings.is_deleted
    {% if is_incremental() %}
        union all
        {{ delete_markers('changed', ['listing_key']) }}
    {% endif %}

)

select * from final
