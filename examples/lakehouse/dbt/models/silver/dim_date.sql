-- Date dimension over every day on which an order was placed.
select distinct
    cast(year(order_date) * 10000 + month(order_date) * 100 + day(order_date) as integer) as date_key,
    order_date as date_day,
    year(order_date) as year,
    quarter(order_date) as quarter,
    month(order_date) as month,
    extract(dow from order_date) as day_of_week
from {{ ref('stg_orders') }}
