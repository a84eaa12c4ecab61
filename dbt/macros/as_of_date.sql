{#- The date the data stands at: the newest change in the MLS feed. Marts use it, not the wall
    clock, so "the last 12 months" means the same thing on a live feed and on a sandbox whose
    clock was moved. -#}
{% macro as_of_date() -%}
    (select max(modified_at)::date from {{ ref('stg_mls__properties') }})
{%- endmacro %}
