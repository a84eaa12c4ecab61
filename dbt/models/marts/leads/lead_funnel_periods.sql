{#- The funnel by the Austin day and week leads arrived, per source, area, price band, agent, bot
    and variant: how many reached each stage so far, each rate as a share of inquiries, median
    durations over the leads that have them, and the leads whose stages came out of order (README,
    Definitions: "The funnel"). -#}

with

leads as (

    select * from {{ ref('int_leads_owned') }}

),

staged as (

    select * from {{ ref('int_leads_staged') }}

),

funnel as (

    select
        staged.*,
        leads.lead_source,
        coalesce(leads.area, 'Unknown') as area,
        coalesce({{ price_band('leads.budget_usd') }}, 'unknown') as price_band,
        coalesce(leads.assigned_agent_id, 'unassigned') as assigned_agent_id,
        leads.bot,
        leads.experiment_variant
    from staged
    inner join leads on staged.lead_id = leads.lead_id

),

by_grain as (

    select
        'day' as period_grain,
        {{ austin_date('inquiry_at') }} as period_start,
        *
    from funnel
    union all
    select
        'week' as period_grain,
        {{ austin_date('inquiry_at', 'week') }} as period_start,
        *
    from funnel

),

final as (

    select
        period_grain,
        period_start,
        lead_source,
        area,
        price_band,
        assigned_agent_id,
        bot,
        experiment_variant,
        count(*)::integer as inquiries,
        count(*) filter (where is_contacted)::integer as contacted,
        count(*) filter (where is_qualified)::integer as qualified,
        count(*) filter (where is_appointment)::integer as appointments,
        count(*) filter (where is_under_contract)::integer as under_contract,
        count(*) filter (where is_closed_won)::integer as closed_won,
        count(*) filter (where is_lost)::integer as lost,
        (count(*) filter (where is_qualified)::numeric / count(*))::numeric(6, 4) as qualified_rate,
        (count(*) filter (where is_appointment)::numeric / count(*))::numeric(6, 4) as appointment_rate,
        (count(*) filter (where is_closed_won)::numeric / count(*))::numeric(6, 4) as closed_won_rate,
        percentile_cont(0.5) within group (order by minutes_to_contact)::numeric(12, 1)
            as median_minutes_to_contact,
        percentile_cont(0.5) within group (order by hours_contacted_to_qualified)::numeric(12, 1)
            as median_hours_contacted_to_qualified,
        percentile_cont(0.5) within group (order by hours_qualified_to_appointment)::numeric(12, 1)
            as median_hours_qualified_to_appointment,
        count(*) filter (where is_qualified_before_contacted)::integer as qualified_before_contacted,
        count(*) filter (where is_appointment_before_qualified)::integer as appointment_before_qualified

    from by_grain
    group by 1, 2, 3, 4, 5, 6, 7, 8

)

select * from final
