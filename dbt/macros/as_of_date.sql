{#- The feed's as-of date: the Austin date of the newest change in the MLS feed (README,
    Definitions). Marts use it, never the wall clock, so "today" means the same thing on a live
    feed and on a sandbox whose clock was moved, and it is read afresh on every build. It is read
    from int_listings_banded (every listing the feed holds, deleted ones included, built before
    any model that reads it), whose index on modified_at answers it at once: through the staging
    view (whose CTEs PostgreSQL does not flatten) it scanned the whole raw feed at every use. -#}
{% macro as_of_date() -%}
    (select (max(modified_at) at time zone 'America/Chicago')::date from {{ ref('int_listings_banded') }})
{%- endmacro %}
