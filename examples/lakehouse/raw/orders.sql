select
    i as order_id,
    1 + (i * 37) % 240 as customer_id,
    cast(date '2024-03-01' + to_days(cast((i * 17) % 540 as integer)) as date) as order_date,
    case
        when i % 23 = 0 then 'CANCELLED'
        when i % 11 = 0 then 'Returned'
        else 'completed'
    end as status,
    timestamp '2025-09-01 02:00:00' as _loaded_at
from range(1, 2401) as t(i)
