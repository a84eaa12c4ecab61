with

source as (

    select * from {{ source('ghl', 'ghl_contacts') }}

),

renamed as (

    select
        -- ids
        source.contact_id,
        source.location_id,
        source.payload ->> 'assignedTo' as assigned_agent_id,

        -- categories
        coalesce(source.source, 'Unknown') as lead_source,
        source.payload ->> 'type' as contact_type,
        source.payload -> 'tags' as tags,
        custom_fields.area_value as preferred_area,

        -- numbers
        custom_fields.budget_value::numeric(14, 2) as stated_budget_usd,

        -- booleans
        coalesce((source.payload ->> 'dnd')::boolean, false) as is_do_not_disturb,
        source._deleted as is_deleted,

        -- timestamps
        (source.payload ->> 'dateAdded')::timestamptz as created_at,
        source._source_modified_at as updated_at,
        source._loaded_at as loaded_at

    from source
    -- each contact's own custom fields, read in place: a CTE of them joined back would copy every
    -- contact's payload once more (a CTE read twice is materialized) and hash the whole table
    cross join lateral (
        select
            max(field ->> 'value') filter (where field ->> 'id' = '{{ var("ghl_budget_field") }}') as budget_value,
            max(field ->> 'value') filter (where field ->> 'id' = '{{ var("ghl_area_field") }}') as area_value
        from jsonb_array_elements(coalesce(source.payload -> 'customFields', '[]'::jsonb)) as field
    ) as custom_fields

)

select * from renamed
