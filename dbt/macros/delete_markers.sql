{#- Rows that only delete, for the `replace` incremental strategy: the keys from `cte` and a null
    in every other column of the model's contract, typed as the contract declares. -#}
{% macro delete_markers(cte, keys) -%}
    select
        {%- for name, column in model.columns.items() %}
        {% if name in keys %}{{ name }}{% else %}null::{{ column.data_type }} as {{ name }}{% endif %}{{ "," if not loop.last }}
        {%- endfor %}
    from {{ cte }}
{%- endmacro %}
