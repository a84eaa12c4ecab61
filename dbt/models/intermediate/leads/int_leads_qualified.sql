{#- "Qualified", the one definition (README, Definitions: "The funnel"): the first time the one
    scoring model rated the lead hot (score >= 7.0). Once the bot service owns the lead, its first
    decision at temperature hot; before that, the history replay's first hot score. No CRM stage
    qualifies a lead. The funnel, cost per qualified lead and the bots' qualification all read this
    model, with the bot and variant whose decision qualified the lead (none for the replay). -#}

with

hot_scores as (

    select * from {{ ref('int_lead_events_unioned') }}
    where event_type in ('decision', 'score') and temperature = 'hot'

),

final as (

    select distinct on (lead_id)
        lead_id,
        occurred_at as qualified_at,
        owned_by as qualified_by,
        coalesce(bot, 'none') as bot,
        coalesce(experiment_variant, 'none') as experiment_variant
    from hot_scores
    order by lead_id, occurred_at, owned_by, bot

)

select * from final
