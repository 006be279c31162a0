"""Seed the lineage benchmark's usual case: a logged model whose consumers start after it.

    python scripts/bench/seed_consumers.py --tracking-uri URL --runs 1000 --summary-out FILE

`scripts/seed_demo.py --bulk` creates every logged model after every run, so the lineage
fetcher's "scan only the runs that started after the model" scans 0 runs there. Here, in an
experiment `consumers-RUNS` of RUNS runs: the first half (job_type=train) start before the model,
one of them logs it, the second half (job_type=eval) start after it and every tenth of those
uses it as an input (`inputs.model_inputs`, which only `runs/get` reports). The summary names the
model and its consumers, so the benchmark can check that the app found all of them.

Only the MLflow Python client is used; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import json
import os
import random
import sys
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")
os.environ.setdefault("MLFLOW_ENABLE_ASYNC_LOGGING", "false")
os.environ.setdefault("MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT", "true")
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")

from mlflow import MlflowClient  # noqa: E402
from mlflow.entities import LoggedModelInput, Metric, Param  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tracking-uri", required=True)
    ap.add_argument("--runs", type=int, default=1000)
    ap.add_argument("--every", type=int, default=10, help="every Nth later run uses the model")
    ap.add_argument("--jobs", type=int, default=4)
    ap.add_argument("--summary-out", required=True)
    args = ap.parse_args(argv)

    c = MlflowClient(tracking_uri=args.tracking_uri)
    t0 = time.time()
    name = f"consumers-{args.runs}"
    if c.get_experiment_by_name(name) is not None:
        name = f"{name}-{int(t0)}"
    exp_id = c.create_experiment(name)
    before = args.runs // 2
    after = args.runs - before

    def run(i: int, job_type: str) -> str:
        rnd = random.Random(i)
        rid = c.create_run(exp_id, run_name=f"{job_type}-{i:05d}",
                           tags={"job_type": job_type, "mlflow.source.name": f"{job_type}.py"}).info.run_id
        ts = int(time.time() * 1000)
        c.log_batch(rid, metrics=[Metric("score", round(rnd.random(), 5), ts, 0)],
                    params=[Param("seed", str(i))])
        return rid

    with cf.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        early = list(pool.map(lambda i: run(i, "train"), range(before)))
    for rid in early:
        c.set_terminated(rid)

    time.sleep(0.05)  # the model is strictly newer than every earlier run
    producer = early[before // 2] if early else run(0, "train")
    model = c.create_logged_model(experiment_id=exp_id, name="served-model", source_run_id=producer)
    c.finalize_logged_model(model.model_id, "READY")
    time.sleep(0.05)  # and every later run strictly newer than the model

    def later(i: int) -> tuple[str, bool]:
        rid = run(before + i, "eval")
        uses = i % args.every == 0
        if uses:
            c.log_inputs(rid, models=[LoggedModelInput(model_id=model.model_id)])
        c.set_terminated(rid)
        return rid, uses

    with cf.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        late = list(pool.map(later, range(after)))
    consumers = [rid for rid, uses in late if uses]
    summary = {
        "experiment": {"name": name, "id": exp_id},
        "model_id": model.model_id,
        "producer_run_id": producer,
        "runs": args.runs,
        "runs_before_model": before,
        "runs_after_model": after,
        "consumers": consumers,
        "seconds": round(time.time() - t0, 1),
    }
    Path(args.summary_out).write_text(json.dumps(summary, indent=2) + "\n")
    print(f"{name}: {args.runs} runs ({after} after the model, {len(consumers)} use it) "
          f"in {summary['seconds']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
