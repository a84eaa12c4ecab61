with

source as (

    select * from {{ source('mls', 'mls_offices') }}

),

renamed as (

    select
        office_key,
        payload ->> 'OfficeName' as office_name,
        payload ->> 'OfficeCity' as office_city,
        payload ->> 'OfficeStatus' as office_status,
        _deleted as is_deleted,
        _source_modified_at as modified_at

    from source

)

select * from renamed
