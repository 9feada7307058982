"""Trains the customer-churn model from the churn_model_features feature service.

Version 1 was a logistic regression on order statistics; version 2 adds the
profile features and uses gradient-boosted trees. Run inside the training
pipeline (Dagster job `train_customer_churn`) with MLFLOW_TRACKING_URI set.
"""

import mlflow
import pandas as pd
from feast import FeatureStore
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.model_selection import train_test_split

def main() -> None:
    store = FeatureStore(repo_path="../../feast")
    # One row per customer and cut-off day, labelled with whether the customer
    # placed no order in the 90 days after it.
    labels = pd.read_parquet("labels.parquet")
    training = store.get_historical_features(
        entity_df=labels,
        features=store.get_feature_service("churn_model_features"),
    ).to_df()
    features = training.drop(columns=["customer_id", "event_timestamp", "churned"])
    features = pd.get_dummies(features, columns=["region"])
    x_train, x_test, y_train, y_test = train_test_split(
        features, training["churned"], test_size=0.2, random_state=42
    )
    with mlflow.start_run():
        model = GradientBoostingClassifier(random_state=42).fit(x_train, y_train)
        mlflow.log_metric("accuracy", model.score(x_test, y_test))
        mlflow.sklearn.log_model(
            model, artifact_path="model", registered_model_name="customer-churn"
        )


if __name__ == "__main__":
    main()
