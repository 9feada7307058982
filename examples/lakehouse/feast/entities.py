"""Entities of the commerce feature repository."""

from feast import Entity, ValueType

customer = Entity(
    name="customer",
    join_keys=["customer_id"],
    value_type=ValueType.INT64,
    description="A customer account of the shop.",
    owner="ml-engineering@example.com",
)
