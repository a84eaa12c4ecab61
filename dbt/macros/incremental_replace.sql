{#- The `replace` incremental strategy: the model's rows replace every stored row with the same
    unique key, and rows whose `delete_marker` column is null only delete (they mark a key the
    model computed to have no rows any more: a listing no longer active, a cell gone from the
    spine). So an incremental model can recompute a few keys, drop vanished ones, and stay
    identical to a full refresh. -#}
{% macro get_incremental_replace_sql(arg_dict) %}
    {%- set target = arg_dict["target_relation"] -%}
    {%- set batch = arg_dict["temp_relation"] -%}
    {%- set keys = [arg_dict["unique_key"]] if arg_dict["unique_key"] is string else arg_dict["unique_key"] -%}
    {%- set marker = config.require('delete_marker') -%}
    {%- set columns = get_quoted_csv(arg_dict["dest_columns"] | map(attribute="name")) -%}
    delete from {{ target }} as stored
    using (select distinct {{ keys | join(', ') }} from {{ batch }}) as batch_keys
    where
        {%- for key in keys %}
        stored.{{ key }} = batch_keys.{{ key }}{% if not loop.last %} and{% endif %}
        {%- endfor %};
    insert into {{ target }} ({{ columns }})
    select {{ columns }} from {{ batch }} where {{ marker }} is not null;
{% endmacro %}
