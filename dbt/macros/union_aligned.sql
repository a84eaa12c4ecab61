{#- `union all` of CTEs that each carry some of `columns` (an ordered list of [name, type]): every
    column a CTE lacks is a typed null, so one event table can hold events of different shapes. -#}
{% macro union_aligned(parts, columns) -%}
    {%- for cte, present in parts.items() %}
    select
        {%- for name, type in columns %}
        {% if name in present %}{{ name }}{% else %}null::{{ type }} as {{ name }}{% endif %}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ cte }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{%- endmacro %}
