{#- Per listing office: how many live listings' remarks were checked, how many were flagged. -#}

with

listings as (

    select * from {{ ref('stg_mls__properties') }}
    where not is_deleted

),

flagged as (

    select
        listing_key,
        count(*) as flags
    from {{ ref('listing_remark_flags') }}
    group by listing_key

),

final as (

    select
        coalesce(listings.list_office_key, 'unknown') as list_office_key,
        max(listings.list_office_name) as list_office_name,
        count(*)::integer as listings_checked,
        count(flagged.listing_key)::integer as listings_flagged,
        coalesce(sum(flagged.flags), 0)::integer as flags,
        (count(flagged.listing_key)::numeric / count(*))::numeric(6, 4) as flagged_share
    from listings
    left join flagged on listings.listing_key = flagged.listing_key
    group by coalesce(listings.list_office_key, 'unknown')

)

select * from final
