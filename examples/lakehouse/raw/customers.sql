select
    i as customer_id,
    ['Ava', 'Ben', 'Chen', 'Dara', 'Eli', 'Fatima', 'Gus', 'Hana', 'Ivo', 'Jun',
     'Kai', 'Lena', 'Mo', 'Nia', 'Omar', 'Pia', 'Quinn', 'Rui', 'Sara', 'Tom'][1 + (i * 7) % 20] as first_name,
    ['Keller', 'Dubois', 'Jansen', 'Lind', 'Smith', 'Silva', 'Sato', 'Rao',
     'Meyer', 'Moreau', 'Visser', 'Berg', 'Brown', 'Costa', 'Ito', 'Iyer'][1 + (i * 11) % 16] as last_name,
    concat('customer', i, '@example.com') as email,
    ['de', 'fr', 'nl', 'se', 'us', 'br', 'jp', 'in'][1 + (i * 3) % 8] as country_code,
    cast(date '2024-01-01' + to_days(cast((i * 13) % 365 as integer)) as date) as signup_date,
    timestamp '2025-09-01 02:00:00' as _loaded_at
from range(1, 241) as t(i)
