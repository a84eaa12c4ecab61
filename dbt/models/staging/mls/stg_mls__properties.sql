with

source as (

    select * from {{ source('mls', 'mls_properties') }}

),

renamed as (

    select
        -- ids
        listing_key,
        listing_id,
        payload ->> 'ListAgentKey' as list_agent_key,
        payload ->> 'ListOfficeKey' as list_office_key,

        -- categories
        originating_system,
        standard_status,
        payload ->> 'PropertyType' as property_type,
        payload ->> 'PropertySubType' as property_sub_type,
        payload ->> 'ListOfficeName' as list_office_name,

        -- location
        payload ->> 'UnparsedAddress' as street_address,
        payload ->> 'City' as city,
        payload ->> 'PostalCode' as postal_code,
        payload ->> 'CountyOrParish' as county,
        payload ->> 'SubdivisionName' as subdivision,
        (payload ->> 'Latitude')::double precision as latitude,
        (payload ->> 'Longitude')::double precision as longitude,

        -- money
        (payload ->> 'ListPrice')::numeric(14, 2) as list_price,
        (payload ->> 'OriginalListPrice')::numeric(14, 2) as original_list_price,
        (payload ->> 'ClosePrice')::numeric(14, 2) as close_price,
        {{ price_band("(payload ->> 'ListPrice')::numeric") }} as list_price_band,
        {{ price_band("(payload ->> 'ClosePrice')::numeric") }} as close_price_band,

        -- property facts
        (payload ->> 'BedroomsTotal')::integer as bedrooms_total,
        (payload ->> 'BathroomsTotalInteger')::integer as bathrooms_total,
        (payload ->> 'LivingArea')::numeric(10, 1) as living_area_sqft,
        (payload ->> 'LotSizeAcres')::numeric(10, 3) as lot_size_acres,
        (payload ->> 'YearBuilt')::integer as year_built,
        (payload ->> 'DaysOnMarket')::integer as days_on_market,
        (payload ->> 'CumulativeDaysOnMarket')::integer as cumulative_days_on_market,
        payload ->> 'PublicRemarks' as public_remarks,

        -- booleans
        _deleted as is_deleted,
        coalesce((payload ->> 'ListPrice')::numeric < (payload ->> 'OriginalListPrice')::numeric, false)
            as has_price_reduction,

        -- dates and timestamps
        (payload ->> 'ListingContractDate')::date as listing_contract_date,
        (payload ->> 'OffMarketDate')::date as off_market_date,
        (payload ->> 'CloseDate')::date as close_date,
        _source_modified_at as modified_at,
        _loaded_at as loaded_at

    from source

)

select * from renamed
