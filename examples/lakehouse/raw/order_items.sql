select
    row_number() over (order by o.i, line.n) as order_item_id,
    o.i as order_id,
    1 + (o.i * 7 + line.n * 13) % 36 as product_id,
    1 + (o.i + line.n) % 4 as quantity,
    round(4.99 + (((1 + (o.i * 7 + line.n * 13) % 36) * 37) % 120), 2) as unit_price,
    timestamp '2025-09-01 02:00:00' as _loaded_at
from range(1, 2401) as o(i)
join range(1, 4) as line(n)
    on line.n <= 1 + o.i % 3
