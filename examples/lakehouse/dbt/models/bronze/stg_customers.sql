-- Customer accounts, typed and with normalised e-mail addresses.
select
    cast(customer_id as bigint) as customer_id,
    trim(first_name) as first_name,
    trim(last_name) as last_name,
    lower(trim(email)) as email,
    upper(country_code) as country_code,
    cast(signup_date as date) as signup_date
from {{ source('raw', 'customers') }}
