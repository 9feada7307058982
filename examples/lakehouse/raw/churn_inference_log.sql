-- Four weeks of predictions of the customer-churn model (2025-08-04 to
-- 2025-08-31, one every 432 seconds). Feature values are spread by Weyl
-- sequences (the fractional part of i times an irrational number), so every
-- stretch of rows has the same distribution without random numbers. From
-- 2025-08-25 on, days_since_last_order arrives 40 days too high: the feature
-- pipeline kept computing recency from a stale as-of date. The drift monitor
-- of the demo finds exactly that feature.
with draws as (
    select
        i,
        ((i + 0.5) * 0.6180339887498949) % 1 as u_orders,
        ((i + 0.5) * 0.4142135623730950) % 1 as u_radius,
        ((i + 0.5) * 0.7320508075688772) % 1 as u_angle,
        ((i + 0.5) * 0.2360679774997897) % 1 as u_returns,
        ((i + 0.5) * 0.6457513110645906) % 1 as u_recency,
        ((i + 0.5) * 0.3166247903553998) % 1 as u_country,
        timestamp '2025-08-04 00:00:00' + to_seconds(cast(i * 432 as bigint)) as predicted_at
    from range(0, 5600) as t(i)
),
features as (
    select
        i,
        predicted_at,
        1 + cast(floor(-ln(1 - u_orders) * 6) as integer) as total_orders,
        round(exp(3.9 + 0.45 * sqrt(-2 * ln(u_radius)) * cos(2 * pi() * u_angle)), 2) as avg_order_amount,
        u_returns,
        cast(floor(-ln(1 - u_recency) * 45) as integer)
            + case when predicted_at >= timestamp '2025-08-25 00:00:00' then 40 else 0 end
            as days_since_last_order,
        case
            when u_country < 0.40 then 'DE'
            when u_country < 0.65 then 'FR'
            when u_country < 0.80 then 'NL'
            when u_country < 0.92 then 'AT'
            else 'BE'
        end as country_code
    from draws
)
select
    'req-' || lpad(cast(i as varchar), 6, '0') as request_id,
    predicted_at,
    '2' as model_version,
    1 + (i * 37) % 240 as customer_id,
    country_code,
    total_orders,
    round(total_orders * avg_order_amount, 2) as total_spend,
    avg_order_amount,
    cast(floor(total_orders * u_returns * 0.3) as integer) as returned_orders,
    days_since_last_order,
    round(1 / (1 + exp(2.2 - 0.02 * days_since_last_order + 0.15 * total_orders)), 4) as churn_probability,
    predicted_at + interval 10 minute as _loaded_at
from features
