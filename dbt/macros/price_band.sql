{#- Austin price bands, one definition for every model.
    entry:  300,000 <= price <   500,000
    mid:    500,000 <= price < 1,000,000
    luxury: price >= 1,000,000
    A price of exactly $500k is mid and exactly $1M is luxury; below $300k is "below_entry". -#}
{% macro price_band(price_column) -%}
    case
        when {{ price_column }} is null then null
        when {{ price_column }} >= 1000000 then 'luxury'
        when {{ price_column }} >= 500000 then 'mid'
        when {{ price_column }} >= 300000 then 'entry'
        else 'below_entry'
    end
{%- endmacro %}
