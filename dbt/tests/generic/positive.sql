{#- Fails for every row where the column is zero or negative (nulls pass; use not_null for them). -#}
{% test positive(model, column_name) %}

select {{ column_name }}
from {{ model }}
where {{ column_name }} <= 0

{% endtest %}
