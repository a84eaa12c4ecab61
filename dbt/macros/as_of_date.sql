{#- The feed's as-of date: the Austin date of the newest change in the MLS feed (README,
    Definitions). Marts use it, never the wall clock, so "today" means the same thing on a live
    feed and on a sandbox whose clock was moved, and it is read afresh on every build. -#}
{% macro as_of_date() -%}
    (select (max(modified_at) at time zone 'America/Chicago')::date from {{ ref('stg_mls__properties') }})
{%- endmacro %}
