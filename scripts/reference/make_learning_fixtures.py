"""scikit-learn reference values for the Learning library's tests (run via make-fixtures).

Each dataset is generated with a fixed seed, written as CSV, read back with pandas (so the
reference sees exactly the committed text), split into the first `train_rows` rows for
training and the rest as holdout, and put through the pipeline the Swift code mirrors:

    ColumnTransformer([("num", Pipeline([SimpleImputer(strategy="mean"), StandardScaler()]), numeric),
                       ("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False), categorical)])

then LogisticRegression (lbfgs) or Ridge with several parameter sets, and the metrics.
"""
import json
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import scipy
import sklearn
from sklearn._loss.loss import HalfBinomialLoss, HalfMultinomialLoss
from sklearn.compose import ColumnTransformer
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.linear_model._linear_loss import LinearModelLoss
from sklearn.metrics import (
    accuracy_score,
    f1_score,
    log_loss,
    mean_absolute_error,
    precision_score,
    r2_score,
    recall_score,
    roc_auc_score,
    root_mean_squared_error,
)
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

OUT = Path(sys.argv[1])
VERSIONS = {
    "numpy": np.__version__,
    "pandas": pd.__version__,
    "scipy": scipy.__version__,
    "scikit-learn": sklearn.__version__,
}


def with_missing(rng, values, fraction):
    values = values.astype(object) if values.dtype == object else values.astype(float)
    mask = rng.random(len(values)) < fraction
    values[mask] = None if values.dtype == object else np.nan
    return values


def write_csv(frame, name):
    path = OUT / name
    # float_format=None writes repr(), which round-trips exactly; empty fields are missing.
    frame.to_csv(path, index=False, lineterminator="\n", na_rep="")
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def make_binary():
    rng = np.random.default_rng(20240601)
    n = 400
    cities = np.array(["Berlin", "Lisbon", "Oslo", "Zürich", "oslo"], dtype=object)
    city = cities[rng.integers(0, len(cities), n)]
    city[rng.random(n) < 0.08] = None
    city[330] = "Paris"  # only in the holdout: unknown category, encoded as zeros
    x1 = rng.normal(0, 1, n)
    x2 = rng.normal(5, 10, n)
    x3 = np.full(n, 3.0)  # zero variance: scale 1
    x4 = rng.uniform(-2, 2, n)
    effect = {"Berlin": 0.8, "Lisbon": -0.4, "Oslo": 0.1, "Zürich": -1.0, "oslo": 0.3, None: 0.5, "Paris": 0}
    z = 1.2 * x1 - 0.08 * x2 + 0.7 * x4 + np.array([effect[c] for c in city]) + 0.3
    label = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(int)
    frame = pd.DataFrame(
        {
            "x1": x1,
            "x2": with_missing(rng, x2, 0.1),
            "x3": x3,
            "x4": with_missing(rng, x4, 0.03),
            "city": city,
            "label": label,
        }
    )
    return frame, dict(numeric=["x1", "x2", "x3", "x4"], categorical=["city"], label="label", train_rows=320)


def make_multiclass():
    rng = np.random.default_rng(7)
    n = 450
    colors = np.array(["blue", "green", "red"], dtype=object)
    color = colors[rng.integers(0, 3, n)]
    color[400:][rng.random(50) < 0.2] = None  # missing only in the holdout: all zeros
    x1 = rng.normal(0, 1, n)
    x2 = rng.normal(-3, 0.5, n)
    x3 = rng.exponential(2.0, n)
    centres = {"cat": (1.0, -3.2, 1.0), "dog": (-0.5, -2.8, 3.0), "emu": (0.2, -3.0, 1.5)}
    names = list(centres)
    scores = np.stack(
        [
            1.5 * centres[k][0] * x1 - 2 * (x2 - centres[k][1]) ** 2 - 0.5 * (x3 - centres[k][2]) ** 2
            + (0.7 if k == "dog" else 0.0) * (color == "red")
            for k in names
        ],
        axis=1,
    )
    probabilities = np.exp(scores - scores.max(axis=1, keepdims=True))
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    label = np.array([names[rng.choice(3, p=p)] for p in probabilities], dtype=object)
    frame = pd.DataFrame(
        {"x1": x1, "x2": with_missing(rng, x2, 0.12), "x3": x3, "color": color, "species": label}
    )
    return frame, dict(numeric=["x1", "x2", "x3"], categorical=["color"], label="species", train_rows=400)


def make_regression():
    rng = np.random.default_rng(99)
    n = 300
    kinds = np.array(["a", "b", "c", "d"], dtype=object)
    kind = kinds[rng.integers(0, 4, n)]
    kind[rng.random(n) < 0.1] = None
    x1 = rng.normal(10, 3, n)
    x2 = rng.normal(0, 1, n)
    x3 = rng.normal(0, 1, n)
    empty = np.full(n, np.nan)  # all missing: SimpleImputer drops it
    offset = {"a": 0.0, "b": 2.0, "c": -1.0, "d": 0.5, None: 1.0}
    y = 3.0 * x1 - 2.0 * x2 + 0.5 * x3 + np.array([offset[k] for k in kind]) + rng.normal(0, 1.5, n)
    frame = pd.DataFrame(
        {"x1": with_missing(rng, x1, 0.05), "x2": x2, "x3": with_missing(rng, x3, 0.2), "empty": empty,
         "kind": kind, "y": y}
    )
    return frame, dict(numeric=["x1", "x2", "x3", "empty"], categorical=["kind"], label="y", train_rows=240)


def column_transformer(spec):
    numeric = Pipeline([("impute", SimpleImputer(strategy="mean")), ("scale", StandardScaler())])
    return ColumnTransformer(
        [
            ("num", numeric, spec["numeric"]),
            ("cat", OneHotEncoder(handle_unknown="ignore", sparse_output=False), spec["categorical"]),
        ]
    )


def category(value):
    return None if (value is None or (isinstance(value, float) and np.isnan(value))) else value


def transform_fixture(transformer):
    imputer = transformer.named_transformers_["num"].named_steps["impute"]
    scaler = transformer.named_transformers_["num"].named_steps["scale"]
    encoder = transformer.named_transformers_["cat"]
    return {
        "statistics": [None if np.isnan(s) else float(s) for s in imputer.statistics_],
        "mean": scaler.mean_.tolist(),
        "var": scaler.var_.tolist(),
        "scale": scaler.scale_.tolist(),
        "categories": [[category(c) for c in cats] for cats in encoder.categories_],
        "feature_names": transformer.get_feature_names_out().tolist(),
    }


def label_value(value):
    return value.item() if hasattr(value, "item") else value


def logistic_loss(model, X, y):
    classes = model.classes_
    n = X.shape[0]
    l2 = 1.0 / (model.C * n)
    if len(classes) == 2:
        loss = LinearModelLoss(base_loss=HalfBinomialLoss(), fit_intercept=True)
        coef = np.concatenate([model.coef_[0], model.intercept_])
        target = (y == classes[1]).astype(float)
    else:
        loss = LinearModelLoss(base_loss=HalfMultinomialLoss(n_classes=len(classes)), fit_intercept=True)
        coef = np.hstack([model.coef_, model.intercept_[:, None]])
        target = np.searchsorted(classes, y).astype(float)
    return float(loss.loss(coef, X, target, l2_reg_strength=l2))


def classification_metrics(y, predicted, probabilities, classes):
    if len(classes) == 2:
        averaging = dict(average="binary", pos_label=classes[1])
        auc = roc_auc_score(y, probabilities[:, 1])
    else:
        averaging = dict(average="macro")
        auc = roc_auc_score(y, probabilities, multi_class="ovr", average="macro", labels=classes)
    return {
        "accuracy": accuracy_score(y, predicted),
        "precision": precision_score(y, predicted, zero_division=0, **averaging),
        "recall": recall_score(y, predicted, zero_division=0, **averaging),
        "f1": f1_score(y, predicted, zero_division=0, **averaging),
        "roc_auc": float(auc),
        "log_loss": log_loss(y, probabilities, labels=classes),
    }


def classifier_fixture(frame, spec, param_sets):
    train = frame.iloc[: spec["train_rows"]]
    holdout = frame.iloc[spec["train_rows"] :]
    transformer = column_transformer(spec).fit(train)
    X_train = transformer.transform(train)
    X_holdout = transformer.transform(holdout)
    y_train = train[spec["label"]].to_numpy()
    y_holdout = holdout[spec["label"]].to_numpy()
    models = []
    for params in param_sets:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            model = LogisticRegression(**params).fit(X_train, y_train)
        converged = not any(issubclass(w.category, ConvergenceWarning) for w in caught)
        classes = model.classes_
        predicted = model.predict(X_holdout)
        probabilities = model.predict_proba(X_holdout)
        models.append(
            {
                "params": params,
                "classes": [label_value(c) for c in classes],
                "coef": model.coef_.tolist(),
                "intercept": model.intercept_.tolist(),
                "n_iter": int(model.n_iter_[0]),
                "converged": converged,
                "train_loss": logistic_loss(model, X_train, y_train),
                "holdout_decision": model.decision_function(X_holdout).tolist(),
                "holdout_predictions": [label_value(v) for v in predicted],
                "holdout_probabilities": probabilities.tolist(),
                "metrics": classification_metrics(y_holdout, predicted, probabilities, classes),
            }
        )
    return transformer, X_train, X_holdout, models


def regressor_fixture(frame, spec, alphas):
    train = frame.iloc[: spec["train_rows"]]
    holdout = frame.iloc[spec["train_rows"] :]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the all-missing column is dropped, with a warning
        transformer = column_transformer(spec).fit(train)
        X_train = transformer.transform(train)
        X_holdout = transformer.transform(holdout)
    y_train = train[spec["label"]].to_numpy()
    y_holdout = holdout[spec["label"]].to_numpy()
    models = []
    for alpha in alphas:
        model = Ridge(alpha=alpha).fit(X_train, y_train)
        predicted = model.predict(X_holdout)
        models.append(
            {
                "params": {"alpha": alpha},
                "coef": model.coef_.tolist(),
                "intercept": float(model.intercept_),
                "holdout_predictions": predicted.tolist(),
                "metrics": {
                    "rmse": root_mean_squared_error(y_holdout, predicted),
                    "mae": mean_absolute_error(y_holdout, predicted),
                    "r2": r2_score(y_holdout, predicted),
                },
            }
        )
    return transformer, X_train, X_holdout, models


def write_json(name, payload):
    text = json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False, allow_nan=False)
    (OUT / name).write_text(text + "\n", encoding="utf-8")


def dataset(name, maker, fit):
    frame, spec = maker()
    frame = write_csv(frame, f"{name}.csv")
    transformer, X_train, X_holdout, models = fit(frame, spec)
    write_json(
        f"{name}.json",
        {
            "versions": VERSIONS,
            "csv": f"{name}.csv",
            **spec,
            "transform": transform_fixture(transformer),
            "train_features": X_train.tolist(),
            "holdout_features": X_holdout.tolist(),
            "models": models,
        },
    )


def metric_cases():
    """Edge cases for the metrics alone: ties, absent classes, zero division, clipping."""
    rng = np.random.default_rng(3)
    cases = []
    # Binary with many tied scores (rounded to one decimal) and 0/1 labels.
    y = rng.integers(0, 2, 200)
    scores = np.round(np.clip(0.5 + 0.3 * (y - 0.5) + rng.normal(0, 0.25, 200), 0, 1), 1)
    predicted = (scores > 0.5).astype(int)
    probabilities = np.stack([1 - scores, scores], axis=1)
    cases.append(("binary_ties", y, predicted, probabilities, [0, 1]))
    # Binary string labels, a probability of exactly 0 and 1 (clipped by log_loss).
    y = np.array(["no", "yes", "yes", "no", "yes", "no", "no", "yes"], dtype=object)
    p_yes = np.array([0.0, 1.0, 0.7, 0.2, 0.4, 0.6, 0.1, 0.9])
    predicted = np.where(p_yes > 0.5, "yes", "no").astype(object)
    cases.append(("binary_strings_clipped", y, predicted, np.stack([1 - p_yes, p_yes], axis=1), ["no", "yes"]))
    # Multiclass: one class never predicted (zero division), ties in probabilities.
    y = rng.integers(0, 4, 120)
    raw = rng.normal(0, 1, (120, 4)) + 1.5 * np.eye(4)[y]
    raw = np.round(raw, 1)
    probabilities = np.exp(raw) / np.exp(raw).sum(axis=1, keepdims=True)
    predicted = np.argmax(probabilities[:, :3], axis=1)  # class 3 is never predicted
    cases.append(("multiclass_never_predicted", y, predicted, probabilities, [0, 1, 2, 3]))
    # Multiclass where a predicted label is absent from the truth.
    y = np.array([0, 0, 1, 1, 2, 2, 0, 1])
    predicted = np.array([0, 3, 1, 1, 2, 0, 3, 1])
    probabilities = np.full((8, 3), 1 / 3)
    cases.append(("multiclass_extra_prediction", y, predicted, probabilities, [0, 1, 2]))

    result = []
    for name, y, predicted, probabilities, classes in cases:
        entry = {
            "name": name,
            "truth": [label_value(v) for v in y],
            "predicted": [label_value(v) for v in predicted],
            "probabilities": probabilities.tolist(),
            "classes": classes,
        }
        if len(classes) == 2:
            averaging = dict(average="binary", pos_label=classes[1])
            entry["roc_auc"] = float(roc_auc_score(y, probabilities[:, 1]))
        else:
            averaging = dict(average="macro")
            entry["roc_auc"] = float(
                roc_auc_score(y, probabilities, multi_class="ovr", average="macro", labels=classes)
            )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            entry.update(
                accuracy=accuracy_score(y, predicted),
                precision=precision_score(y, predicted, **averaging),
                recall=recall_score(y, predicted, **averaging),
                f1=f1_score(y, predicted, **averaging),
                log_loss=log_loss(y, probabilities, labels=classes),
            )
        result.append(entry)

    truth = rng.normal(0, 5, 150)
    predicted = truth + rng.normal(0, 2, 150)
    regression = [
        {"name": "noisy", "truth": truth.tolist(), "predicted": predicted.tolist()},
        {"name": "constant_truth_imperfect", "truth": [2.0] * 5, "predicted": [2.0, 2.0, 2.5, 2.0, 2.0]},
        {"name": "constant_truth_perfect", "truth": [2.0] * 5, "predicted": [2.0] * 5},
    ]
    for case in regression:
        case.update(
            rmse=root_mean_squared_error(case["truth"], case["predicted"]),
            mae=mean_absolute_error(case["truth"], case["predicted"]),
            r2=r2_score(case["truth"], case["predicted"]),
        )
    write_json("metrics.json", {"versions": VERSIONS, "classification": result, "regression": regression})


def optimizer_cases():
    """scipy's L-BFGS-B (no bounds) on Rosenbrock, with scikit-learn's options: iteration and
    evaluation counts and the solution, for a step-for-step comparison of the optimizer."""
    from scipy.optimize import minimize, rosen, rosen_der

    cases = []
    for name, x0, maxiter, gtol in [
        ("rosenbrock2", [-1.2, 1.0], 1000, 1e-5),
        ("rosenbrock6", [-1.2, 1.0, -1.2, 1.0, -1.2, 1.0], 1000, 1e-8),
        ("rosenbrock6_limited", [-1.2, 1.0, -1.2, 1.0, -1.2, 1.0], 7, 1e-8),
        ("rosenbrock12_far", [3.0, -2.5] * 6, 1000, 1e-6),
    ]:
        result = minimize(
            rosen, np.array(x0), jac=rosen_der, method="L-BFGS-B",
            options={"maxiter": maxiter, "gtol": gtol, "ftol": 64 * np.finfo(float).eps, "maxls": 50},
        )
        cases.append(
            {
                "name": name, "x0": x0, "max_iter": maxiter, "gtol": gtol,
                "nit": int(result.nit), "nfev": int(result.nfev), "x": result.x.tolist(),
                "fun": float(result.fun), "success": bool(result.success), "message": result.message,
            }
        )
    write_json("optimizer.json", {"versions": VERSIONS, "cases": cases})


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    logistic_params = [
        {"C": 1.0, "max_iter": 100, "tol": 1e-4},
        {"C": 0.05, "max_iter": 1000, "tol": 1e-10},
        {"C": 10.0, "max_iter": 1000, "tol": 1e-8},
        {"C": 1.0, "max_iter": 3, "tol": 1e-4},
    ]
    dataset("binary", make_binary, lambda f, s: classifier_fixture(f, s, logistic_params))
    dataset("multiclass", make_multiclass, lambda f, s: classifier_fixture(f, s, logistic_params))
    dataset("regression", make_regression, lambda f, s: regressor_fixture(f, s, [1.0, 10.0, 0.001]))
    metric_cases()
    optimizer_cases()


if __name__ == "__main__":
    main()
