-- Customer dimension: one row per customer with region and order history.
with orders as (
    select
        customer_id,
        min(order_date) as first_order_date,
        max(order_date) as last_order_date,
        count(*) as lifetime_orders
    from {{ ref('stg_orders') }}
    where status <> 'cancelled'
    group by customer_id
)

select
    c.customer_id as customer_key,
    c.customer_id,
    c.first_name,
    c.last_name,
    c.email,
    c.country_code,
    cc.country_name,
    cc.region,
    c.signup_date,
    o.first_order_date,
    o.last_order_date,
    coalesce(o.lifetime_orders, 0) as lifetime_orders
from {{ ref('stg_customers') }} as c
left join {{ ref('country_codes') }} as cc
    on c.country_code = cc.country_code
left join orders as o
    on c.customer_id = o.customer_id
