{#- What each Austin day's conversations showed, as Gemini read them (Alembic migration 0012): the
    kind, the topic, how many conversations showed it and a paraphrase with no personal data. -#}

with

source as (

    select * from {{ source('app', 'conversation_insights') }}

),

renamed as (

    select
        -- ids
        insight_id,

        -- categories
        kind as insight_kind,
        topic,
        provider,
        model,
        prompt_version,

        -- text
        example,

        -- numbers
        conversation_count,
        conversations_read,

        -- dates and timestamps
        insight_date,
        created_at as analysed_at

    from source

)

select * from renamed
