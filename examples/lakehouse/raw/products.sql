select
    i as product_id,
    concat(['Trail', 'City', 'Studio', 'Harbor', 'Summit', 'Meadow'][1 + i % 6], ' ',
           ['Backpack', 'Lamp', 'Mug', 'Jacket', 'Bottle', 'Notebook', 'Chair', 'Scarf'][1 + (i * 5) % 8]) as product_name,
    ['Outdoor', 'Home', 'Kitchen', 'Apparel', 'Outdoor', 'Office', 'Home', 'Apparel'][1 + (i * 5) % 8] as category,
    round(4.99 + ((i * 37) % 120), 2) as unit_price,
    timestamp '2025-09-01 02:00:00' as _loaded_at
from range(1, 37) as t(i)
