{#- Every column check of a model in one query, so one test node (dbt spends about 30 ms on each
    node whatever it does, and the day's build tests every mart on every build). `checks` maps a
    column to its checks, each with the meaning of the single-column test of that name: `not_null`,
    `unique` (nulls pass), `not_negative`, `positive`, `between: [low, high]` and
    `accepted_values: [...]` (nulls pass); `unique_combinations` lists the column sets that must be
    unique together. Returns one row per failing row (per duplicated value for the uniqueness
    checks) naming the column and the check, so it fails exactly when one of those tests would.
    The row checks read the model once. -#}
{% test column_checks(model, checks={}, unique_combinations=[]) %}
{%- set row_checks = [] -%}
{%- set unique_columns = [] -%}
{%- for column, column_checks in checks.items() -%}
    {%- for check in column_checks -%}
        {%- set name = check if check is string else (check.keys() | list)[0] -%}
        {%- set argument = none if check is string else check[name] -%}
        {%- set label = name ~ '(' ~ column ~ ')' -%}
        {%- set value = 'checked.' ~ column -%}
        {%- if name == 'unique' -%}
            {%- do unique_columns.append(column) -%}
        {%- elif name == 'not_null' -%}
            {%- do row_checks.append((label, value ~ ' is null')) -%}
        {%- elif name == 'not_negative' -%}
            {%- do row_checks.append((label, value ~ ' < 0')) -%}
        {%- elif name == 'positive' -%}
            {%- do row_checks.append((label, value ~ ' <= 0')) -%}
        {%- elif name == 'between' -%}
            {%- do row_checks.append((label, value ~ ' < ' ~ argument[0] ~ ' or ' ~ value ~ ' > ' ~ argument[1])) -%}
        {%- elif name == 'accepted_values' -%}
            {%- set quoted = [] -%}
            {%- for accepted in argument -%}
                {%- do quoted.append("'" ~ (accepted | string | replace("'", "''")) ~ "'") -%}
            {%- endfor -%}
            {%- do row_checks.append((label, value ~ '::text not in (' ~ quoted | join(', ') ~ ')')) -%}
        {%- else -%}
            {{ exceptions.raise_compiler_error("column_checks: unknown check " ~ name ~ " on " ~ column) }}
        {%- endif -%}
    {%- endfor -%}
{%- endfor -%}
{%- set queries = [] -%}
{%- if row_checks -%}
    {%- set rows -%}
select failed.check_name
from {{ model }} as checked
cross join lateral (
    values
    {%- for label, condition in row_checks %}
        ('{{ label }}', coalesce({{ condition }}, false)){% if not loop.last %},{% endif %}
    {%- endfor %}
) as failed (check_name, failing)
where failed.failing
    {%- endset -%}
    {%- do queries.append(rows) -%}
{%- endif -%}
{%- for column in unique_columns -%}
    {%- do queries.append("select 'unique(" ~ column ~ ")' as check_name from " ~ model ~ " where " ~ column
        ~ " is not null group by " ~ column ~ " having count(*) > 1") -%}
{%- endfor -%}
{%- for columns in unique_combinations -%}
    {%- do queries.append("select 'unique_combination(" ~ columns | join(", ") ~ ")' as check_name from " ~ model
        ~ " group by " ~ columns | join(", ") ~ " having count(*) > 1") -%}
{%- endfor %}
{{ queries | join('\nunion all\n') }}
{% endtest %}
