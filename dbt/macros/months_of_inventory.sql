{#- Active inventory over the average monthly closings of the trailing six months, this month
    included; null when nothing closed in those six months. -#}
{% macro months_of_inventory(active, closings, partition_by, order_by) -%}
    (
        {{ active }}::numeric
        / nullif(avg({{ closings }}) over (
            partition by {{ partition_by }} order by {{ order_by }}
            rows between 5 preceding and current row
        ), 0)
    )::numeric(8, 2)
{%- endmacro %}
