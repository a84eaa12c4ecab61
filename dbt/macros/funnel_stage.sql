{#- The lead-funnel stage a CRM pipeline stage stands for, by its name: one mapping for every model.
    Unknown stage names map to null and are ignored by the funnel. -#}
{% macro funnel_stage(stage_name) -%}
    case lower({{ stage_name }})
        when 'new lead' then 'inquiry'
        when 'contacted' then 'contacted'
        when 'qualified' then 'qualified'
        when 'appointment set' then 'appointment'
        when 'under contract' then 'under_contract'
        when 'closed won' then 'closed_won'
        when 'lost' then 'lost'
    end
{%- endmacro %}
