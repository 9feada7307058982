-- Customer features for the churn model, served through Feast.
-- event_timestamp is the day of the customer's latest order.
select
    f.customer_key as customer_id,
    cast(max(d.date_day) as timestamp) as event_timestamp,
    count(*) as total_orders,
    sum(f.order_amount) as total_spend,
    avg(f.order_amount) as avg_order_amount,
    sum(case when f.status = 'returned' then 1 else 0 end) as returned_orders,
    date_diff('day', max(d.date_day), cast('2025-09-01' as date)) as days_since_last_order
from {{ ref('fct_orders') }} as f
join {{ ref('dim_date') }} as d
    on f.date_key = d.date_key
where f.status <> 'cancelled'
group by f.customer_key
