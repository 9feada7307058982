-- Order line fact: one row per order line, keyed to all dimensions.
select
    i.order_item_id,
    i.order_id,
    c.customer_key,
    p.product_key,
    d.date_key,
    i.quantity,
    i.unit_price,
    i.line_amount
from {{ ref('stg_order_items') }} as i
join {{ ref('stg_orders') }} as o
    on i.order_id = o.order_id
join {{ ref('dim_customers') }} as c
    on o.customer_id = c.customer_id
join {{ ref('dim_products') }} as p
    on i.product_id = p.product_id
join {{ ref('dim_date') }} as d
    on o.order_date = d.date_day
