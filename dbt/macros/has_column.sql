{#- Whether an existing relation has a column: an incremental model built before its bookkeeping
    columns existed is then rebuilt whole instead of failing on them. -#}
{% macro has_column(relation, column_name) -%}
    {%- if not execute -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set names = adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
    {{ return(column_name in names) }}
{%- endmacro %}
