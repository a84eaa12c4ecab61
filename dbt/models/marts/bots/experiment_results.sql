{#- Each A/B experiment's result per variant and metric (README, Definitions: "Experiments"): the
    bot-service leads the experiment assigned, the share that qualified, reached an appointment and
    paid, each with a 95 % Wilson interval; against the experiment's control, a two-sided pooled
    two-proportion z-test, the minimum sample per variant to detect an absolute difference of
    `experiment_mde` with `experiment_power` at alpha 0.05, and the stop rule's decision. -#}

{%- set z_alpha = 1.959964 -%}  {#- the standard normal's 97.5th percentile: 95 %, two-sided #}
{%- set z_power = 0.841621 -%}  {#- its 80th percentile: power 0.8 #}
{%- set mde = var('experiment_mde') -%}

with

leads as (

    select
        owned.experiment_name,
        owned.experiment_variant,
        funnel.is_qualified,
        funnel.is_appointment,
        funnel.is_paid
    from {{ ref('int_leads_owned') }} as owned  -- noqa: RF04
    inner join {{ ref('fct_lead_funnel') }} as funnel on owned.lead_id = funnel.lead_id
    where owned.owned_by = 'bot_service' and owned.experiment_name <> 'none'

),

counted as (

    select
        experiment_name,
        experiment_variant,
        'qualified' as metric,
        count(*) as leads,
        count(*) filter (where is_qualified) as successes
    from leads
    group by 1, 2
    union all
    select
        experiment_name,
        experiment_variant,
        'appointment' as metric,
        count(*) as leads,
        count(*) filter (where is_appointment) as successes
    from leads
    group by 1, 2
    union all
    select
        experiment_name,
        experiment_variant,
        'paid' as metric,
        count(*) as leads,
        count(*) filter (where is_paid) as successes
    from leads
    group by 1, 2

),

against_control as (

    select
        arm.*,
        arm.leads::float8 as n,
        arm.successes::float8 / arm.leads as p,
        control.leads as control_leads,
        control.successes as control_successes,
        control.successes::float8 / nullif(control.leads, 0) as p_control,
        (arm.successes + control.successes)::float8 / nullif(arm.leads + control.leads, 0) as p_pooled
    from counted as arm
    left join counted as control
        on
            arm.experiment_name = control.experiment_name
            and arm.metric = control.metric
            and control.experiment_variant = 'control'

),

tested as (

    select
        *,
        case
            when experiment_variant <> 'control' and p_pooled > 0 and p_pooled < 1
                then (p - p_control) / sqrt(p_pooled * (1 - p_pooled) * (1.0 / leads + 1.0 / control_leads))
        end as z,
        -- the effect to detect: control's rate plus the MDE (minus it when that passes 1; none when both leave 0-1)
        case
            when p_control + {{ mde }} <= 1 then p_control + {{ mde }}
            when p_control - {{ mde }} >= 0 then p_control - {{ mde }}
        end as p_target
    from against_control

),

sized as (

    select
        *,
        -- Abramowitz and Stegun 7.1.26 for erfc(|z| / sqrt 2): the two-sided p-value, |error| < 1.5e-7
        1.0 / (1 + 0.3275911 * abs(z) / sqrt(2)) as t,
        ceil(
            power(
                {{ z_alpha }} * sqrt(2 * ((p_control + p_target) / 2) * (1 - (p_control + p_target) / 2))
                + {{ z_power }} * sqrt(p_control * (1 - p_control) + p_target * (1 - p_target)),
                2
            ) / power({{ mde }}, 2)
        ) as min_leads
    from tested

),

intervals as (

    select
        *,
        -- Wilson score interval: (p + z²/2n ± z·sqrt(p(1-p)/n + z²/4n²)) / (1 + z²/n)
        (p + {{ z_alpha }} ^ 2 / (2 * n)) / (1 + {{ z_alpha }} ^ 2 / n) as wilson_centre,
        {{ z_alpha }} * sqrt(p * (1 - p) / n + {{ z_alpha }} ^ 2 / (4 * n * n)) / (1 + {{ z_alpha }} ^ 2 / n)
            as wilson_half,
        t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
        * exp(-(z * z) / 2) as two_sided_p
    from sized

),

final as (

    select
        experiment_name,
        experiment_variant,
        metric,
        leads::integer as leads,
        successes::integer as successes,
        round(p::numeric, 4)::numeric(6, 4) as rate,
        round((wilson_centre - wilson_half)::numeric, 4)::numeric(6, 4) as ci_low,
        round((wilson_centre + wilson_half)::numeric, 4)::numeric(6, 4) as ci_high,
        round(p_control::numeric, 4)::numeric(6, 4) as control_rate,
        (case when experiment_variant <> 'control' then round((p - p_control)::numeric, 4) end)::numeric(7, 4)
            as difference,
        round(z::numeric, 4)::numeric(10, 4) as z_score,
        round(two_sided_p::numeric, 4)::numeric(6, 4) as p_value,
        min_leads::integer as min_leads_per_variant,
        case
            when experiment_variant = 'control' then 'control'
            when control_leads is null then 'no_control'
            when min_leads is null or leads < min_leads or control_leads < min_leads then 'continue'
            when two_sided_p < 0.05 and p > p_control then 'variant_better'
            when two_sided_p < 0.05 then 'variant_worse'
            else 'no_difference'
        end as decision
    from intervals

)

select * from final
