"""Offline sources: gold and silver tables of the lakehouse, read through Trino."""

from feast.infra.offline_stores.contrib.trino_offline_store.trino_source import (
    TrinoSource,
)

customer_features_source = TrinoSource(
    name="customer_features",
    table="lakehouse.gold.customer_features",
    timestamp_field="event_timestamp",
    description="Per-customer order features built by dbt.",
)

customer_profile_source = TrinoSource(
    name="customer_profile",
    query=(
        "select customer_key as customer_id, region, lifetime_orders, "
        "cast(last_order_date as timestamp) as event_timestamp "
        "from lakehouse.silver.dim_customers"
    ),
    timestamp_field="event_timestamp",
    description="Customer attributes from the customer dimension.",
)
