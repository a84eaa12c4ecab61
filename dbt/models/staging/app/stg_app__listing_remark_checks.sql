with

source as (

    select * from {{ source('app', 'listing_remark_checks') }}

),

renamed as (

    select
        listing_key,
        rules_version,
        flag_count,
        source_modified_at,
        checked_at

    from source

)

select * from renamed
