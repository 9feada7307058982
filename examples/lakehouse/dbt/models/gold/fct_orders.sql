-- Order fact: one row per order, keyed to the customer and date dimensions.
with lines as (
    select
        order_id,
        count(*) as line_count,
        sum(quantity) as units,
        sum(line_amount) as order_amount
    from {{ ref('stg_order_items') }}
    group by order_id
)

select
    o.order_id,
    c.customer_key,
    d.date_key,
    o.status,
    coalesce(l.line_count, 0) as line_count,
    coalesce(l.units, 0) as units,
    coalesce(l.order_amount, 0) as order_amount
from {{ ref('stg_orders') }} as o
join {{ ref('dim_customers') }} as c
    on o.customer_id = c.customer_id
join {{ ref('dim_date') }} as d
    on o.order_date = d.date_day
left join lines as l
    on o.order_id = l.order_id
