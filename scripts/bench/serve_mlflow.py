"""MLflow side of scripts/bench/serve, and the request bodies both servers are sent.

Trains the scikit-learn pipeline equivalent to examples/weather/pipeline.yaml on the same data
window (as_of 2015-01-01, 365 days; the latest 20 % by time held out): mean imputation and
standard scaling of the numeric features, one-hot encoding of `weather` (unknown categories
ignored), LogisticRegression(C=1.0, max_iter=200, tol=1e-4, lbfgs). Saves it with
mlflow.sklearn.save_model (pyfunc predicts probabilities, as ours answers them) and writes
the bodies: one holdout instance, and 1,000 instances cycling through the holdout, in our
format ({"instances": […]}) and MLflow's ({"dataframe_records": […]}).

Usage: serve_mlflow.py CSV OUT_DIR
"""
import json
import shutil
import sys
from pathlib import Path

import mlflow.sklearn
import pandas as pd
from mlflow.models import infer_signature
from sklearn.compose import ColumnTransformer
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

NUMERIC = ["precipitation", "temp_max", "temp_min", "wind"]
CATEGORICAL = ["weather"]
LABEL = "rain_tomorrow"


def main(csv: str, out: str) -> None:
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    data = pd.read_csv(csv, parse_dates=["date"])
    window = data[(data["date"] >= "2014-01-01") & (data["date"] < "2015-01-01")].sort_values("date")
    split = len(window) - round(len(window) * 0.2)
    train, holdout = window.iloc[:split], window.iloc[split:]
    features = NUMERIC + CATEGORICAL
    pipeline = Pipeline([
        ("transform", ColumnTransformer([
            ("numeric", Pipeline([("impute", SimpleImputer(strategy="mean")), ("scale", StandardScaler())]), NUMERIC),
            ("categorical", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
        ])),
        ("model", LogisticRegression(C=1.0, max_iter=200, tol=1e-4)),
    ])
    pipeline.fit(train[features], train[LABEL])
    model_dir = out_dir / "mlflow-model"
    if model_dir.exists():
        shutil.rmtree(model_dir)
    signature = infer_signature(holdout[features], pipeline.predict_proba(holdout[features]))
    mlflow.sklearn.save_model(
        pipeline, str(model_dir), signature=signature, pyfunc_predict_fn="predict_proba",
        skops_trusted_types=["numpy.dtype"])

    records = [
        {**{name: float(row[name]) for name in NUMERIC}, "weather": str(row["weather"])}
        for _, row in holdout[features].iterrows()
    ]
    batch = [records[i % len(records)] for i in range(1000)]
    bodies = {
        "ours-single.json": {"instances": records[:1]},
        "ours-batch.json": {"instances": batch},
        "mlflow-single.json": {"dataframe_records": records[:1]},
        "mlflow-batch.json": {"dataframe_records": batch},
    }
    for name, body in bodies.items():
        (out_dir / name).write_text(json.dumps(body, separators=(",", ":")))
    print(f"trained on {len(train)} rows, {len(holdout)} holdout rows; model in {model_dir}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
