-- Bot Performance & Compliance: fair-housing flags on live listings' remarks per listing office,
-- split by protected class, for brokers to review.
select
    o.list_office_key,
    o.list_office_name,
    o.listings_checked,
    o.listings_flagged,
    o.flags,
    cast(o.listings_flagged as double precision) / nullif(o.listings_checked, 0) as flagged_share,
    coalesce(f.steering_flags, 0) as steering_flags,
    coalesce(f.familial_status_flags, 0) as familial_status_flags,
    coalesce(f.other_flags, 0) as other_flags
from marts.listing_remarks_by_office as o
left join (
    select
        list_office_key,
        sum(case when flag_rule = 'steering' then 1 else 0 end) as steering_flags,
        sum(case when flag_rule <> 'steering' and protected_class = 'familial_status' then 1 else 0 end)
            as familial_status_flags,
        sum(case when flag_rule <> 'steering' and protected_class <> 'familial_status' then 1 else 0 end)
            as other_flags
    from marts.listing_remark_flags
    group by list_office_key
) as f on o.list_office_key = f.list_office_key
order by o.flags desc, o.list_office_key
