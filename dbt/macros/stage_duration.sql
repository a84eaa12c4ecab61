{#- The time from one funnel stage to a later one, in `seconds_per_unit` units (60: minutes, 3600:
    hours), rounded half-up to tenths (README, Definitions: "Durations"). Null unless both stages
    were reached at known times in that order: never 0 for a stage not reached, never clamped. -#}
{% macro stage_duration(from_at, to_at, seconds_per_unit) -%}
    case
        when {{ to_at }} >= {{ from_at }}
            then round(extract(epoch from {{ to_at }} - {{ from_at }}) / {{ seconds_per_unit }}, 1)
    end
{%- endmacro %}
