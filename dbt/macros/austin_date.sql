{#- The calendar day (or month, or week) of a timestamp in Austin: business days and months are
    local, whatever the database session's time zone. -#}
{% macro austin_date(timestamp_column, grain='day') -%}
    date_trunc('{{ grain }}', ({{ timestamp_column }}) at time zone 'America/Chicago')::date
{%- endmacro %}
