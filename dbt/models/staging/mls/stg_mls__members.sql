with

source as (

    select * from {{ source('mls', 'mls_members') }}

),

renamed as (

    select
        member_key,
        office_key,
        payload ->> 'MemberMlsId' as member_mls_id,
        payload ->> 'MemberStatus' as member_status,
        _deleted as is_deleted,
        _source_modified_at as modified_at

    from source

)

select * from renamed
