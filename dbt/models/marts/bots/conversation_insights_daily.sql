{#- Per Austin day, kind and topic: how many of the day's conversations showed it, as a share of the
    conversations read, and one example (README, Definitions: "Conversation insights"). -#}

with

insights as (

    select * from {{ ref('stg_app__conversation_insights') }}

),

final as (

    select
        insight_date,
        insight_kind,
        topic,
        conversation_count::integer as conversations,
        conversations_read::integer as conversations_read,
        (conversation_count::numeric / conversations_read)::numeric(6, 4) as conversation_share,
        example,
        model,
        prompt_version,
        analysed_at
    from insights

)

select * from final
