"""The reference for `scripts/bench/train`: the same four steps as retrain's stages, done the
usual way with pandas and scikit-learn, timed step by step inside one process.

    collect     pandas.read_csv, ISO 8601 timestamps parsed, rows kept in [as_of - window, as_of)
    preprocess  the latest 20 % of rows by timestamp held out; ColumnTransformer(SimpleImputer(mean)
                -> StandardScaler) fitted on the train rows, applied to both
    train       LogisticRegression(C=1.0, tol=1e-4, max_iter=100, solver="lbfgs").fit
    evaluate    predict / predict_proba on the holdout; accuracy, precision, recall, f1, ROC AUC,
                log loss

Usage: python train_sklearn.py DATA.csv RESULT.json
Writes the step times (seconds) and the holdout metrics to RESULT.json.
"""
import json
import sys
import time

start = time.perf_counter()
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from sklearn.compose import ColumnTransformer  # noqa: E402
from sklearn.impute import SimpleImputer  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import (  # noqa: E402
    accuracy_score, f1_score, log_loss, precision_score, recall_score, roc_auc_score)
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

imported = time.perf_counter()
path, result_path = sys.argv[1], sys.argv[2]
times = {"import": imported - start}

# collect
t0 = time.perf_counter()
frame = pd.read_csv(path)
frame["ts"] = pd.to_datetime(frame["ts"], format="ISO8601", utc=True)
as_of = pd.Timestamp("2016-01-01T00:00:00Z")
frame = frame[(frame["ts"] >= as_of - pd.Timedelta(days=1000)) & (frame["ts"] < as_of)]
times["collect"] = time.perf_counter() - t0

# preprocess
t0 = time.perf_counter()
frame = frame.sort_values("ts", kind="stable")
holdout_rows = int(0.2 * len(frame))
train, holdout = frame.iloc[: len(frame) - holdout_rows], frame.iloc[len(frame) - holdout_rows:]
features = [c for c in frame.columns if c not in ("ts", "label")]
transform = ColumnTransformer(
    [("num", Pipeline([("impute", SimpleImputer(strategy="mean")), ("scale", StandardScaler())]), features)])
x_train = transform.fit_transform(train[features])
x_holdout = transform.transform(holdout[features])
y_train = train["label"].to_numpy()
y_holdout = holdout["label"].to_numpy()
times["preprocess"] = time.perf_counter() - t0

# train
t0 = time.perf_counter()
model = LogisticRegression(C=1.0, tol=1e-4, max_iter=100).fit(x_train, y_train)
times["train"] = time.perf_counter() - t0

# evaluate
t0 = time.perf_counter()
probabilities = model.predict_proba(x_holdout)
predicted = model.predict(x_holdout)
metrics = {
    "accuracy": accuracy_score(y_holdout, predicted),
    "precision": precision_score(y_holdout, predicted),
    "recall": recall_score(y_holdout, predicted),
    "f1": f1_score(y_holdout, predicted),
    "roc_auc": roc_auc_score(y_holdout, probabilities[:, 1]),
    "log_loss": log_loss(y_holdout, probabilities, labels=model.classes_),
}
times["evaluate"] = time.perf_counter() - t0
times["steps"] = times["collect"] + times["preprocess"] + times["train"] + times["evaluate"]

with open(result_path, "w") as out:
    json.dump({"times": times, "metrics": {k: float(v) for k, v in metrics.items()},
               "iterations": int(model.n_iter_[0]), "train_rows": len(train), "holdout_rows": len(holdout)}, out)
