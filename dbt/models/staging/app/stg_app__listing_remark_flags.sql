with

source as (

    select * from {{ source('app', 'listing_remark_checks') }}

),

flags as (

    select
        source.listing_key,
        source.rules_version,
        flag ->> 'category' as protected_class,
        flag ->> 'phrase' as flagged_phrase,
        flag ->> 'reason' as flag_reason,
        flag ->> 'rule' as flag_rule,
        flag ->> 'source' as flag_source,
        source.checked_at
    from source
    cross join lateral jsonb_array_elements(source.flags) as flag

)

select * from flags
