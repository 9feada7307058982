-- Orders, typed; the status is normalised to lower case.
select
    cast(order_id as bigint) as order_id,
    cast(customer_id as bigint) as customer_id,
    cast(order_date as date) as order_date,
    lower(status) as status
from {{ source('raw', 'orders') }}
