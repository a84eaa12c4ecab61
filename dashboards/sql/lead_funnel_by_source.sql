-- Lead Funnel: how each lead source converts, inquiry -> qualified -> appointment -> closed won.
-- Rates are shares of inquiries, in double precision (formatting is the dashboard's job).
select
    lead_source,
    sum(inquiries) as inquiries,
    sum(qualified) as qualified,
    sum(appointments) as appointments,
    sum(closed_won) as closed_won,
    cast(sum(qualified) as double precision) / nullif(sum(inquiries), 0) as qualified_rate,
    cast(sum(appointments) as double precision) / nullif(sum(inquiries), 0) as appointment_rate,
    cast(sum(closed_won) as double precision) / nullif(sum(inquiries), 0) as closed_won_rate
from marts.lead_funnel_periods
where period_grain = 'day'
group by lead_source
order by inquiries desc, lead_source
