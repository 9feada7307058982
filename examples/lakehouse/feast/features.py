"""Feature views and the feature service used by the customer-churn model."""

from datetime import timedelta

from feast import FeatureService, FeatureView, Field
from feast.types import Float64, Int64, String

from data_sources import customer_features_source, customer_profile_source
from entities import customer

customer_order_stats = FeatureView(
    name="customer_order_stats",
    entities=[customer],
    ttl=timedelta(days=90),
    schema=[
        Field(name="total_orders", dtype=Int64, description="Orders that were not cancelled."),
        Field(name="total_spend", dtype=Float64, description="Total spend in EUR."),
        Field(name="avg_order_amount", dtype=Float64, description="Average order value in EUR."),
        Field(name="returned_orders", dtype=Int64, description="Orders that were returned."),
        Field(name="days_since_last_order", dtype=Int64, description="Days since the latest order."),
    ],
    source=customer_features_source,
    online=True,
    owner="ml-engineering@example.com",
    tags={"team": "ml-engineering", "layer": "gold"},
    description="Order statistics of each customer.",
)

customer_profile = FeatureView(
    name="customer_profile",
    entities=[customer],
    ttl=timedelta(days=365),
    schema=[
        Field(name="region", dtype=String, description="Sales region of the customer."),
        Field(name="lifetime_orders", dtype=Int64, description="Orders over the customer's lifetime."),
    ],
    source=customer_profile_source,
    online=True,
    owner="ml-engineering@example.com",
    tags={"team": "ml-engineering", "layer": "silver"},
    description="Slowly changing attributes of each customer.",
)

churn_model_features = FeatureService(
    name="churn_model_features",
    features=[customer_order_stats, customer_profile[["region"]]],
    owner="ml-engineering@example.com",
    description="Features the customer-churn model is trained and served with.",
)
