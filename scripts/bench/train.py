"""Harness of scripts/bench/train: runs retrain's four stages and the pandas + scikit-learn
script alternately, RUNS times, and reports medians, ratios, peak RSS and ROC AUCs.

Usage: python train.py DATA.csv WORK_DIR BIN_DIR RUNS
"""
import json
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

data, work, bin_dir, runs = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4])
here = Path(__file__).resolve().parent
python = sys.executable

params = {
    "collect": {"source": {"kind": "csv", "path": str(data)}, "timestamp_column": "ts", "window": "1000d",
                "as_of": "2016-01-01"},
    "preprocess": {"label": "label", "holdout": {"fraction": 0.2, "by": "time"}},
    "train": {"algorithm": "logistic_regression", "C": 1.0, "max_iter": 100, "tol": 0.0001},
    "evaluate": {},
}
inputs = {"collect": [], "preprocess": [("data", "collect")], "train": [("data", "preprocess")],
          "evaluate": [("model", "train"), ("data", "preprocess")]}
stages = list(params)
for stage, value in params.items():
    (work / f"{stage}.json").write_text(json.dumps(value))


def timed(command):
    """Wall seconds, peak RSS (KiB) and stderr of a command run under /usr/bin/time -v."""
    start = time.perf_counter()
    completed = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True)
    wall = time.perf_counter() - start
    if completed.returncode != 0:
        sys.exit(f"{command[0]} failed ({completed.returncode}): {completed.stderr[-2000:]}")
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", completed.stderr).group(1))
    return wall, rss, completed.stderr


def run_ours():
    result = {}
    for stage in stages:
        out = work / "out" / stage
        shutil.rmtree(out, ignore_errors=True)
        command = [str(bin_dir / f"retrain-{stage}")]
        for name, source in inputs[stage]:
            command += ["--input", f"{name}={work / 'out' / source}"]
        command += ["--output", str(out), "--params", str(work / f"{stage}.json")]
        wall, rss, stderr = timed(command)
        result[stage] = {"wall": wall, "rss_kib": rss}
        if stage == "train":
            fit = re.search(r"features in ([0-9.]+) s", stderr)
            result[stage]["fit"] = float(fit.group(1)) if fit else None
    metrics = json.loads((work / "out" / "evaluate" / "metrics.json").read_text())
    iterations = json.loads((work / "out" / "train" / "metrics.json").read_text())["iterations"]
    return result, metrics, iterations


def run_theirs():
    result_path = work / "sklearn.json"
    wall, rss, _ = timed([python, str(here / "train_sklearn.py"), str(data), str(result_path)])
    result = json.loads(result_path.read_text())
    return wall, rss, result


ours_runs, theirs_runs = [], []
for index in range(runs):
    ours, metrics, iterations = run_ours()
    wall, rss, theirs = run_theirs()
    ours_runs.append((ours, metrics, iterations))
    theirs_runs.append((wall, rss, theirs))
    total = sum(ours[s]["wall"] for s in stages)
    ours_text = ", ".join("%s %.3f" % (s, ours[s]["wall"]) for s in stages)
    theirs_text = ", ".join("%s %.3f" % (s, theirs["times"][s]) for s in stages)
    print(f"run {index + 1}/{runs}: ours {total:.3f} s ({ours_text}), python {wall:.3f} s ({theirs_text})", file=sys.stderr)

median = statistics.median
ours_stage = {s: median(r[0][s]["wall"] for r in ours_runs) for s in stages}
ours_total = median(sum(r[0][s]["wall"] for s in stages) for r in ours_runs)
ours_fit = median(r[0]["train"]["fit"] for r in ours_runs)
ours_rss = max(r[0][s]["rss_kib"] for r in ours_runs for s in stages)
ours_rss_by_stage = {s: max(r[0][s]["rss_kib"] for r in ours_runs) for s in stages}
theirs_step = {s: median(r[2]["times"][s] for r in theirs_runs) for s in stages + ["import", "steps"]}
theirs_wall = median(r[0] for r in theirs_runs)
theirs_rss = max(r[1] for r in theirs_runs)
ours_auc = ours_runs[-1][1]["roc_auc"]
theirs_auc = theirs_runs[-1][2]["metrics"]["roc_auc"]

summary = {
    "runs": runs,
    "ours": {"stages_median_s": ours_stage, "total_median_s": ours_total, "fit_median_s": ours_fit,
             "peak_rss_mib": ours_rss / 1024, "peak_rss_mib_by_stage": {s: v / 1024 for s, v in ours_rss_by_stage.items()},
             "roc_auc": ours_auc, "iterations": ours_runs[-1][2], "metrics": ours_runs[-1][1]},
    "python": {"steps_median_s": theirs_step, "process_median_s": theirs_wall, "peak_rss_mib": theirs_rss / 1024,
               "roc_auc": theirs_auc, "iterations": theirs_runs[-1][2]["iterations"], "metrics": theirs_runs[-1][2]["metrics"]},
    "ratios": {"train_stage_vs_fit": ours_stage["train"] / theirs_step["train"],
               "fit_vs_fit": ours_fit / theirs_step["train"],
               "four_stages_vs_script": ours_total / theirs_wall,
               "rss": ours_rss / theirs_rss},
    "roc_auc_difference": abs(ours_auc - theirs_auc),
}
(work / "result.json").write_text(json.dumps(summary, indent=2))

print(f"\n{'step':<12}{'ours (process)':>16}{'pandas+sklearn':>16}{'ratio':>8}")
for s in stages:
    print(f"{s:<12}{ours_stage[s]:>15.3f}s{theirs_step[s]:>15.3f}s{ours_stage[s] / theirs_step[s]:>8.2f}")
print(f"{'all four':<12}{ours_total:>15.3f}s{theirs_wall:>15.3f}s{ours_total / theirs_wall:>8.2f}   (python: whole process, imports included)")
print(f"{'':<12}{'':>16}{theirs_step['steps']:>15.3f}s{ours_total / theirs_step['steps']:>8.2f}   (python: the four steps only)")
print(f"train fit alone: ours {ours_fit:.3f} s vs scikit-learn fit {theirs_step['train']:.3f} s: {ours_fit / theirs_step['train']:.2f}")
by_stage = ", ".join("%s %.0f" % (s, v / 1024) for s, v in ours_rss_by_stage.items())
print(f"peak RSS: ours {ours_rss / 1024:.0f} MiB (largest stage; {by_stage}) vs python {theirs_rss / 1024:.0f} MiB: {ours_rss / theirs_rss:.2f}")
print(f"holdout ROC AUC: ours {ours_auc!r}, scikit-learn {theirs_auc!r}, difference {abs(ours_auc - theirs_auc):.2e}")
goals = [summary["ratios"]["train_stage_vs_fit"] <= 1.0, summary["ratios"]["four_stages_vs_script"] <= 0.5,
         summary["ratios"]["rss"] <= 1.0, summary["roc_auc_difference"] <= 0.001]
print("goals met" if all(goals) else f"goals missed: {goals}")
sys.exit(0 if all(goals) else 1)
