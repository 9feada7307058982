-- Product catalogue with prices as decimals.
select
    cast(product_id as bigint) as product_id,
    trim(product_name) as product_name,
    lower(category) as category,
    cast(unit_price as decimal(10, 2)) as unit_price
from {{ source('raw', 'products') }}
