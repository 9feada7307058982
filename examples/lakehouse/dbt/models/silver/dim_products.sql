-- Product dimension: one row per product.
select
    product_id as product_key,
    product_id,
    product_name,
    category,
    unit_price as list_price
from {{ ref('stg_products') }}
