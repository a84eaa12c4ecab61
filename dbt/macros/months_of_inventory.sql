{#- Months of inventory (README, Definitions): active inventory at the month's end over the average
    monthly closed sales of the six months ending with it, written as active × 6 ÷ closed so that
    exact ties round half-up (1 × 6 ÷ 16 = 0.375 gives 0.38, where 1 ÷ (16 ÷ 6) would give 0.37).
    Null when the feed has fewer than six months up to the month, or nothing closed in them. -#}
{% macro months_of_inventory(active, closed_in_six_months, month, feed_first_month) -%}
    case
        when {{ month }} >= ({{ feed_first_month }} + interval '5 months')::date
            then round({{ active }}::numeric * 6 / nullif({{ closed_in_six_months }}, 0), 2)
    end
{%- endmacro %}
