{#- Every fair-housing flag on a listing's public remarks, with the listing office to follow up, the
    rule or model that raised it (flag_rule: exclusion, preference, requirement, area-makeup,
    steering, coded appeals...; flag_source: rule or model). -#}

with

flags as (

    select * from {{ ref('stg_app__listing_remark_flags') }}

),

listings as (

    select * from {{ ref('stg_mls__properties') }}

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
        flags.checked_at
    from flags
    inner join listings on flags.listing_key = listings.listing_key
    where not listings.is_deleted

)

select * from final
