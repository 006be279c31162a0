#!/usr/bin/env python3
"""Seed hostile data into an MLflow (3.x) tracking server, to prove the app renders it as text.

Usage:
    python scripts/seed_hostile.py --tracking-uri http://127.0.0.1:5077 [--summary-out FILE]

Writes one experiment of its own (so the demo project is unchanged) whose names, tags,
descriptions, params, file paths, dataset sources and logged models carry HTML/script
injections, ``javascript:`` URLs, ``../`` paths, right-to-left text and bidi overrides, and a
10,000-character run name. Every payload that would run calls ``alert()``; the end-to-end test
fails on any dialog.

Idempotent: when the experiment carries ``hostile.seeded=true`` nothing is written; a
half-seeded one is renamed, deleted and seeded again. The summary (``--summary-out``) is read
back from the server.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import tempfile
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")
os.environ.setdefault("MLFLOW_ENABLE_ASYNC_LOGGING", "false")
os.environ.setdefault("MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT", "true")
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")

from mlflow import MlflowClient  # noqa: E402
from mlflow.entities import Dataset, DatasetInput, InputTag, Metric, Param, RunTag  # noqa: E402
from mlflow.exceptions import MlflowException  # noqa: E402

logging.getLogger("mlflow").setLevel(logging.WARNING)

SEEDED_TAG = "hostile.seeded"
RLO = "\u202e"
XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = '"><script>alert(1)</script>'
XSS_SVG = "<svg onload=alert(1)>"
JS_URL = "javascript:alert(1)"
RTL = "مرحبا بالعالم שלום"
LONG_NAME = "L" * 9_990 + "-long-name"  # 10,000 characters
EXPERIMENT = f"{XSS_SCRIPT} hostile {RLO}gnp.exe"

RUN_NAMES = [XSS_IMG, XSS_SCRIPT, f"{RTL} {RLO}txt.exe", LONG_NAME, "{{7*7}} ${7*7} %s %n"]
TAGS = {
    "link": JS_URL,
    "homepage": "JaVaScRiPt:alert(1)",
    "data-url": "data:text/html,<script>alert(1)</script>",
    "html": XSS_SVG,
    "rtl": f"{RTL} {RLO}abc",
    "mlflow.source.name": JS_URL,
    "mlflow.note.content": f"{XSS_IMG} **markdown** [x]({JS_URL})",
    "job_type": XSS_IMG,
}
PARAMS = {"html": XSS_IMG, "lr": JS_URL, "rtl": RTL, "bold": "<b>bold</b>"}
FILES = {
    f"{XSS_IMG}.txt": "hostile file name",
    "weird/..dots../x.txt": "dots",
    "unicode/ü é 文件 ‮gnp.exe": "unicode",
    "a/b/c/../d.txt": "dot-dot inside",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tracking-uri", required=True)
    ap.add_argument("--summary-out")
    args = ap.parse_args()
    c = MlflowClient(tracking_uri=args.tracking_uri)
    t0 = time.time()

    exp = c.get_experiment_by_name(EXPERIMENT)
    if exp is not None and not (exp.lifecycle_stage == "active" and exp.tags.get(SEEDED_TAG) == "true"):
        if exp.lifecycle_stage != "active":
            c.restore_experiment(exp.experiment_id)
        c.rename_experiment(exp.experiment_id, f"hostile.partial-{exp.experiment_id}-{int(t0)}")
        c.delete_experiment(exp.experiment_id)
        exp = None
    skipped: list[str] = []
    if exp is None:
        exp_id = c.create_experiment(EXPERIMENT, tags={"mlflow.note.content": f"{XSS_IMG} {RTL}", "link": JS_URL})
        run_ids = []
        for i, name in enumerate(RUN_NAMES):
            try:
                run = c.create_run(exp_id, run_name=name, tags={"hostile.index": str(i)})
            except MlflowException as e:  # a server limit on run names: keep the rest
                skipped.append(f"run name of {len(name)} chars: {e.error_code}")
                run = c.create_run(exp_id, run_name=name[:250], tags={"hostile.index": str(i)})
            rid = run.info.run_id
            run_ids.append(rid)
            c.log_batch(rid, metrics=[Metric("hostile metric: x/y", 1.0, int(t0 * 1000), 0)],
                        params=[Param(k, v) for k, v in PARAMS.items()],
                        tags=[RunTag(k, v) for k, v in TAGS.items()])
        first = run_ids[0]
        # datasets with hostile names and sources; one has a javascript: URL as its source
        for ds_name, source in [(XSS_IMG, json.dumps({"url": JS_URL})),
                                (RTL, json.dumps({"uri": f"s3://bucket/{RLO}../../etc/passwd"}))]:
            ds = Dataset(name=ds_name, digest="deadbeef", source_type="http", source=source,
                         schema=json.dumps({"mlflow_colspec": [{"name": XSS_SVG, "type": "string"}]}),
                         profile=json.dumps({"num_rows": 1}))
            c.log_inputs(first, datasets=[DatasetInput(ds, tags=[InputTag("mlflow.data.context", XSS_IMG)])])
        with tempfile.TemporaryDirectory() as tmp:
            for rel, text in FILES.items():
                p = Path(tmp) / rel
                p.parent.mkdir(parents=True, exist_ok=True)
                p.write_text(text)
            c.log_artifacts(first, tmp)
        try:  # MLflow refuses paths that escape the run's artifact root
            c.log_text(first, "escape", "../escape.txt")
        except Exception as e:  # noqa: BLE001
            skipped.append(f"artifact path '../escape.txt': {type(e).__name__}")
        # model names may not contain / : . % " ' (MLflow checks), so no </script> or URLs here
        for model_name in [XSS_SVG, f"{RTL} {RLO}model", XSS_IMG, XSS_SCRIPT]:
            try:
                m = c.create_logged_model(experiment_id=exp_id, name=model_name, source_run_id=first,
                                          tags={"link": JS_URL, "html": XSS_IMG}, params={"p": XSS_IMG})
            except MlflowException as e:
                skipped.append(f"logged model name {model_name!r}: {e.error_code}")
                continue
            c.finalize_logged_model(m.model_id, "READY")
        c.set_experiment_tag(exp_id, SEEDED_TAG, "true")
        print(f"seeded hostile experiment {exp_id} in {time.time() - t0:.1f} s; skipped: {skipped or 'nothing'}")
    else:
        exp_id = exp.experiment_id
        print(f"hostile experiment {exp_id} already seeded")

    runs = c.search_runs([exp_id], max_results=100)
    summary = {
        "experiment": {"id": exp_id, "name": EXPERIMENT},
        "runs": [{"id": r.info.run_id, "name": r.info.run_name} for r in runs],
        "payloads": {"img": XSS_IMG, "script": XSS_SCRIPT, "svg": XSS_SVG, "js_url": JS_URL, "rtl": RTL},
        "long_name_length": len(LONG_NAME),
        "skipped": skipped,
    }
    if args.summary_out:
        Path(args.summary_out).write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
