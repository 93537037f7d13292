"""Times scikit-learn's LogisticRegression.fit and learning-bench on the same raw data."""
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import sklearn
import threadpoolctl
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

ROWS, HOLDOUT_ROWS, COLUMNS, SEED = 1_000_000, 200_000, 20, 20240601
PARAMS = {"C": 1.0, "tol": 1e-4, "max_iter": 100}


def generate(directory):
    meta = {"rows": ROWS, "holdout_rows": HOLDOUT_ROWS, "columns": COLUMNS, "seed": SEED, **PARAMS}
    meta_path = directory / "meta.json"
    if meta_path.exists() and json.loads(meta_path.read_text()) == meta:
        return
    directory.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    weights = rng.normal(0, 0.5, COLUMNS)
    for name, rows in (("train", ROWS), ("holdout", HOLDOUT_ROWS)):
        X = rng.standard_normal((rows, COLUMNS))
        z = X @ weights - 0.3
        y = (rng.random(rows) < 1 / (1 + np.exp(-z))).astype(np.float64)
        X.astype("<f8").tofile(directory / f"{name}_X.f64")
        y.astype("<f8").tofile(directory / f"{name}_y.f64")
    meta_path.write_text(json.dumps(meta, sort_keys=True))


def load(directory, name, rows):
    X = np.fromfile(directory / f"{name}_X.f64", dtype="<f8").reshape(rows, COLUMNS)
    y = np.fromfile(directory / f"{name}_y.f64", dtype="<f8")
    return X, y


def main():
    directory, binary, runs = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    generate(directory)
    X, y = load(directory, "train", ROWS)
    X_holdout, y_holdout = load(directory, "holdout", HOLDOUT_ROWS)

    seconds = []
    for run in range(runs):
        model = LogisticRegression(**PARAMS)
        start = time.perf_counter()
        model.fit(X, y)
        seconds.append(time.perf_counter() - start)
        print(f"sklearn fit run {run + 1}: {seconds[-1]:.3f} s", file=sys.stderr)
    sk_auc = roc_auc_score(y_holdout, model.predict_proba(X_holdout)[:, 1])

    ours = json.loads(subprocess.run([binary, str(directory), str(runs)], check=True, capture_output=True, text=True).stdout)
    sk_median = statistics.median(seconds)
    our_median = statistics.median(ours["seconds"])
    coef_error = float(
        np.max(np.abs(np.array(ours["coefficients"]) - model.coef_[0]) / np.maximum(np.abs(model.coef_[0]), 1e-3))
    )
    blas = [
        f"{info['internal_api']} {info.get('version')} ({info.get('architecture')}, {info['num_threads']} threads)"
        for info in threadpoolctl.threadpool_info()
    ]
    report = {
        "rows": ROWS,
        "columns": COLUMNS,
        "params": PARAMS,
        "runs": runs,
        "sklearn_version": sklearn.__version__,
        "sklearn_blas": blas,
        "sklearn_seconds": seconds,
        "swift_seconds": ours["seconds"],
        "sklearn_median_s": sk_median,
        "swift_median_s": our_median,
        "ratio_swift_over_sklearn": our_median / sk_median,
        "sklearn_iterations": int(model.n_iter_[0]),
        "swift_iterations": ours["iterations"],
        "swift_evaluations": ours["evaluations"],
        "sklearn_holdout_roc_auc": sk_auc,
        "swift_holdout_roc_auc": ours["holdout_roc_auc"],
        "roc_auc_difference": abs(sk_auc - ours["holdout_roc_auc"]),
        "max_coefficient_relative_difference": coef_error,
        "swift_threads": ours["threads"],
    }
    (directory / "result.json").write_text(json.dumps(report, indent=1, sort_keys=True) + "\n")
    print(f"sklearn fit median: {sk_median:.3f} s  ({', '.join(f'{s:.3f}' for s in seconds)})")
    print(f"swift   fit median: {our_median:.3f} s  ({', '.join(f'{s:.3f}' for s in ours['seconds'])})")
    print(f"ratio swift/sklearn: {our_median / sk_median:.3f}  (goal <= 1.0)")
    print(f"iterations: sklearn {report['sklearn_iterations']}, swift {ours['iterations']}")
    print(f"holdout ROC AUC: sklearn {sk_auc:.6f}, swift {ours['holdout_roc_auc']:.6f}, "
          f"difference {report['roc_auc_difference']:.2e} (goal <= 0.001)")
    print(f"max coefficient relative difference: {coef_error:.2e}")
    print(f"sklearn BLAS: {'; '.join(blas)}")
    ok = report["ratio_swift_over_sklearn"] <= 1.0 and report["roc_auc_difference"] <= 0.001
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
