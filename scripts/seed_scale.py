#!/usr/bin/env python3
"""Seed a large MLflow experiment shaped like a real server, straight into its database.

Usage:
    python scripts/seed_scale.py --tracking-uri sqlite:///PATH/mlflow.db --runs 100000 \
        --models 10000 --model-collections 20 --dataset-versions 1000 \
        --registered-versions 200 --summary-out scale.json
    python scripts/seed_scale.py --tracking-uri postgresql://mlflow@127.0.0.1:PORT/mlflow …
    python scripts/seed_scale.py --check-server http://127.0.0.1:PORT --summary-in scale.json

Why not the HTTP API or single client calls: 6,000 runs through ``MlflowClient`` single calls
took 146 s here, so 100,000 would take most of an hour. This script writes through MLflow's own
store layer instead: ``SqlAlchemyStore`` creates (and migrates) the schema and the experiments,
then the rows go in as bulk inserts into MLflow's ORM tables
(``mlflow.store.tracking.dbmodels.models``, ``mlflow.store.model_registry.dbmodels.models``),
filled exactly as the store's own ``create_run`` / ``log_batch`` / ``log_inputs`` /
``log_outputs`` / ``create_logged_model`` / ``create_model_version`` / ``set_registered_model_alias``
fill them. Afterwards it reads the data back through ``MlflowClient`` on the same database
(``get_run`` with ``inputs.model_inputs``, ``search_runs``, ``search_logged_models``,
``search_model_versions``, aliases, the store's dataset summaries) and fails if MLflow reads back
anything other than what was written. ``--check-server`` repeats the key checks over HTTP against
a server started on the database (``experiments/search-datasets`` is an HTTP-only endpoint).

The shape (deterministic for a given ``--seed``):

* one big experiment (``--experiment``, default ``scale``) of ``--runs`` runs whose start times
  spread over six months. Runs carry what autologging and the fluent API write: params, metrics
  (some with per-epoch history), ``mlflow.user``, ``mlflow.source.*``, git commits. Most have
  ``mlflow.source.name`` = ``train.py`` / ``evaluate.py`` / ``prepare.py`` (others a notebook
  path, or nothing); only about 5 % carry a ``job_type`` tag. A few sweep parents have children
  (``mlflow.parentRunId``).
* ``--dataset-versions`` dataset versions over ~10 dataset names. Most runs use one or two with
  ``mlflow.data.context`` = ``training`` / ``evaluation``. Most versions have an
  ``http…/get-artifact?path=…&run_uuid=<prep run>`` source (a producer run, ``prepare.py``), the
  rest ``s3://`` sources. Three prep runs each log **three versions of one dataset in one run**,
  in an order whose digests do not sort in log order (context ``preprocessing``).
* ``--models`` logged models in ``--model-collections`` collections (names, Zipf-sized), each with
  the ``source_run_id`` of a training run and in that run's ``outputs.model_outputs``, model params,
  tags and metrics. Evaluation runs (``evaluate.py``) use a model created before they started
  (``inputs.model_inputs``) and an evaluation dataset.
* a second experiment (``<experiment>-serving``) whose runs use models of the big one
  (cross-experiment lineage).
* ``--registered-versions`` registered-model versions (``source = models:/m-…``, the model's
  ``run_id`` and storage location, ``mlflow.modelVersions`` on the logged model) with aliases
  ``champion``, ``production``, ``staging``, ``challenger``.

The summary (``--summary-out``) records ids, names, counts and a few sample ids for tests and
benchmarks. Tests must still compute expected answers from MLflow's own API.
"""

from __future__ import annotations

import argparse
import bisect
import json
import logging
import math
import os
import random
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings

warnings.filterwarnings("ignore")
os.environ.setdefault("MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT", "true")
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")
logging.getLogger("mlflow").setLevel(logging.WARNING)
logging.getLogger("alembic").setLevel(logging.WARNING)

SUMMARY_SCHEMA_VERSION = 1
SEEDED_TAG = "scale.seeded"
DAY_MS = 86_400_000
HOUR_MS = 3_600_000
WINDOW_DAYS = 180
# MLflow's SqlAlchemyStore._search_datasets limit (experiments/search-datasets answers at most this).
MAX_DATASET_SUMMARIES_RESULTS = 1000

COLLECTION_NAMES = [
    "churn-xgb", "fraud-lgbm", "ctr-ranker", "demand-forecast", "sentiment-bert",
    "image-resnet50", "ocr-crnn", "recsys-two-tower", "anomaly-iforest", "price-elasticity",
    "ltv-regressor", "intent-classifier", "spam-filter", "search-reranker", "eta-predictor",
    "credit-scorer", "nlp-ner", "asr-conformer", "segmentation-unet", "tabular-automl",
]
TRAIN_DATASETS = [
    "transactions", "clickstream", "customer-profiles", "product-images", "reviews-text",
    "sensor-readings", "support-tickets",
]
EVAL_DATASETS = ["holdout-eval", "labels-gold", "reviews-test"]
USERS = ["alice", "bob", "chen", "dana", "emeka", "farah", "svc-airflow", "ci-runner"]
NOTEBOOKS = ["/Users/alice/explore.ipynb", "/Users/chen/feature-study.ipynb", "/Shared/baselines.ipynb"]
ALIASES = ["champion", "production", "staging", "challenger"]
FRAMEWORKS = ["sklearn", "xgboost", "lightgbm", "pytorch"]
HEX = "0123456789abcdef"


def log(msg: str) -> None:
    print(msg, flush=True)


# --------------------------------------------------------------------------- planning


class Plan:
    """Everything the seed writes, decided up front from one random generator (no I/O)."""

    def __init__(self, a: argparse.Namespace, now_ms: int):
        self.a = a
        self.rng = random.Random(a.seed)
        self.end = now_ms - HOUR_MS
        self.start = self.end - WINDOW_DAYS * DAY_MS
        self.runs: list[dict] = []  # big experiment
        self.consumer_runs: list[dict] = []  # second experiment
        self.models: list[dict] = []
        self.versions: list[dict] = []  # dataset versions
        self.registered: list[dict] = []
        self.triples: list[dict] = []
        self.sweeps: list[dict] = []
        self._ids: set[str] = set()

    # ---- small helpers
    def hexid(self) -> str:
        """A fresh 32-hex-digit id (run, model, dataset and input ids), unique within the plan."""
        while True:
            s = f"{self.rng.getrandbits(128):032x}"
            if s not in self._ids:
                self._ids.add(s)
                return s

    def at(self, lo: float, hi: float) -> int:
        """A time between fractions lo..hi of the six-month window."""
        return int(self.start + (self.end - self.start) * self.rng.uniform(lo, hi))

    def run_name(self) -> str:
        adj = ["bright", "calm", "eager", "gentle", "bold", "quiet", "swift", "silent", "brave", "clever",
               "merry", "proud", "sly", "wise", "zesty", "lucky", "amber", "crimson", "dapper", "funny"]
        noun = ["fox", "owl", "lark", "hawk", "mole", "yak", "eel", "ram", "bee", "cub", "doe",
                "gnu", "hen", "jay", "koi", "ox", "pug", "seal", "toad", "wolf"]
        return f"{self.rng.choice(adj)}-{self.rng.choice(noun)}-{self.rng.randint(1, 999)}"

    def zipf_split(self, total: int, parts: int, s: float = 0.9, minimum: int = 1) -> list[int]:
        w = [1.0 / (i + 1) ** s for i in range(parts)]
        tot = sum(w)
        counts = [max(minimum, int(total * x / tot)) for x in w]
        i = 0
        while sum(counts) > total:
            j = max(range(parts), key=lambda k: counts[k])
            counts[j] -= 1
        while sum(counts) < total:
            counts[i % parts] += 1
            i += 1
        return counts

    # ---- the plan
    def build(self) -> None:
        a = self.a
        rng = self.rng
        self.collections = [
            COLLECTION_NAMES[i] if i < len(COLLECTION_NAMES) else f"model-{i:03d}"
            for i in range(a.model_collections)
        ]
        self.framework = {c: FRAMEWORKS[i % len(FRAMEWORKS)] for i, c in enumerate(self.collections)}
        self._plan_datasets()
        # Each collection is a task trained on one training dataset and judged on one eval set.
        self.task_train = {c: self.train_names[i % len(self.train_names)] for i, c in enumerate(self.collections)}
        self.task_eval = {c: self.eval_names[i % len(self.eval_names)] for i, c in enumerate(self.collections)}
        self.task_weight = self.zipf_split(10_000, len(self.collections), s=0.8)

        # Role counts of the big experiment's runs.
        n = a.runs
        n_prep = len(self.prep_runs_needed)
        n_sweeps = max(1, min(8, n // 2000))
        n_children = max(n_sweeps * 3, n // 20)
        n_eval = max(1, int(n * 0.15))
        n_misc = int(n * 0.05)
        n_train = n - n_prep - n_sweeps - n_children - n_eval - n_misc
        if n_train < max(10, a.models // 3):
            sys.exit(f"--runs {n} is too small for {a.models} models and {a.dataset_versions} dataset versions")

        # Prep runs: one per produced version (three versions for the triple runs).
        for spec in self.prep_runs_needed:
            r = self.new_run("prep", spec["time"])
            r["produces"] = spec["versions"]
            for vi in spec["versions"]:
                self.versions[vi]["producer"] = r
            if spec.get("triple"):
                r["datasets"] = [(vi, "preprocessing") for vi in spec["versions"]]
                self.triples.append({"run": r, "versions": spec["versions"]})

        # Sweeps: a parent, then its children within a few days.
        child_counts = self.zipf_split(n_children, n_sweeps, s=0.5, minimum=3)
        for k in range(n_sweeps):
            coll = self.collections[k % len(self.collections)]
            t = self.at(0.2, 0.9)
            parent = self.new_run("sweep", t, task=coll)
            kids = []
            for j in range(child_counts[k]):
                c = self.new_run("train", t + 60_000 + j * rng.randint(20_000, 400_000), task=coll)
                c["parent"] = parent
                c["trial"] = j
                kids.append(c)
            parent["children"] = kids
            self.sweeps.append({"parent": parent, "children": kids, "task": coll})

        for _ in range(n_train):
            coll = self.pick_task()
            self.new_run("train", self.at(0.0, 1.0), task=coll)
        for _ in range(n_eval):
            self.new_run("eval", self.at(0.05, 1.0))
        for _ in range(n_misc):
            self.new_run("misc", self.at(0.0, 1.0))
        self.runs.sort(key=lambda r: r["start"])
        self._assign_training_inputs()
        self._plan_models()
        self._plan_registry()
        self._assign_eval_inputs()
        self._plan_consumers()
        self._cover_unused_versions()
        self._finish_runs()

    def pick_task(self) -> str:
        return self.rng.choices(self.collections, weights=self.task_weight)[0]

    def new_run(self, role: str, start: int, task: str | None = None, consumer: bool = False) -> dict:
        r = {
            "id": self.hexid(), "role": role, "start": start, "task": task, "parent": None,
            "datasets": [], "model_in": [], "model_out": [], "consumer": consumer,
        }
        (self.consumer_runs if consumer else self.runs).append(r)
        return r

    def _plan_datasets(self) -> None:
        a, rng = self.a, self.rng
        d = a.dataset_versions
        n_names = max(1, min(10, d // 3))
        n_eval = max(1, round(n_names * 0.3)) if n_names > 1 else 0
        self.train_names = TRAIN_DATASETS[: n_names - n_eval] or [TRAIN_DATASETS[0]]
        self.eval_names = EVAL_DATASETS[:n_eval] or self.train_names
        names = self.train_names + [x for x in self.eval_names if x not in self.train_names]
        counts = self.zipf_split(d, len(names), s=0.7, minimum=3 if d >= 3 * len(names) else 1)
        self.versions_by_name: dict[str, list[int]] = {}
        # Triple runs: three names (the largest training ones) get one prep run logging three versions.
        triple_names = [nm for nm, c in zip(names, counts) if c >= 3][:3]
        self.prep_runs_needed = []
        for name, count in zip(names, counts):
            times = sorted(self.at(0.0, 0.93) for _ in range(count))
            times[0] = self.at(0.0, 0.01)
            times.sort()
            idxs = []
            digests: set[str] = set()
            for t in times:
                while True:
                    dg = "".join(rng.choice(HEX) for _ in range(8))
                    if dg not in digests:
                        digests.add(dg)
                        break
                self.versions.append({
                    "name": name, "digest": dg, "created": t, "pos": 0, "producer": None,
                    "eval": name in self.eval_names and name not in self.train_names,
                    "rows": rng.randint(5_000, 5_000_000), "cols": rng.randint(4, 60),
                })
                idxs.append(len(self.versions) - 1)
            if name in triple_names:
                # Three versions of this name written by one prep run, logged in one run; their
                # digests are rearranged so that log order is neither ascending nor descending.
                k = min(len(idxs) - 3, max(0, len(idxs) // 3))
                trio = idxs[k:k + 3]
                ds = sorted(self.versions[i]["digest"] for i in trio)
                for pos, (i, dg) in enumerate(zip(trio, [ds[1], ds[2], ds[0]])):
                    self.versions[i]["digest"] = dg
                    self.versions[i]["created"] = self.versions[trio[0]]["created"]
                    self.versions[i]["pos"] = pos
                self.prep_runs_needed.append({"time": self.versions[trio[0]]["created"], "versions": trio, "triple": True})
                trio_set = set(trio)
            else:
                trio_set = set()
            # 70 % of the other versions were written by a prep run of their own.
            for i in idxs:
                if i not in trio_set and rng.random() < 0.7:
                    self.prep_runs_needed.append({"time": self.versions[i]["created"], "versions": [i]})
            idxs.sort(key=lambda i: (self.versions[i]["created"], self.versions[i]["pos"]))
            self.versions_by_name[name] = idxs
        self.version_times = {
            name: [(self.versions[i]["created"], self.versions[i]["pos"]) for i in idxs]
            for name, idxs in self.versions_by_name.items()
        }

    def version_at(self, name: str, t: int, spread: int = 3) -> int | None:
        """A version of `name` that existed at time t: usually the newest, sometimes a recent one."""
        idxs = self.versions_by_name.get(name) or []
        k = bisect.bisect_right(self.version_times[name], (t, 99))
        if k == 0:
            return None
        back = 0 if self.rng.random() < 0.75 else self.rng.randint(1, spread)
        return idxs[max(0, k - 1 - back)]

    def _assign_training_inputs(self) -> None:
        rng = self.rng
        for r in self.runs:
            if r["role"] != "train":
                continue
            tv = self.version_at(self.task_train[r["task"]], r["start"] - 60_000)
            if tv is not None and rng.random() < 0.93:
                r["datasets"].append((tv, "training"))
            if rng.random() < 0.4:
                ev = self.version_at(self.task_eval[r["task"]], r["start"] - 60_000)
                if ev is not None and ev != tv:
                    r["datasets"].append((ev, "evaluation"))

    def _plan_models(self) -> None:
        a, rng = self.a, self.rng
        trainers = [r for r in self.runs if r["role"] == "train"]
        # Runs that log models: most one, some two or three checkpoints, exactly --models in all.
        per_run = []
        total = 0
        while total < a.models:
            k = rng.choices([1, 2, 3], weights=[80, 15, 5])[0]
            k = min(k, a.models - total)
            per_run.append(k)
            total += k
        if len(per_run) > len(trainers):
            sys.exit(f"{a.models} models need more training runs than {len(trainers)}")
        # Every collection gets at least one model: its first run is a logger.
        by_task: dict[str, list[dict]] = {}
        for r in trainers:
            by_task.setdefault(r["task"], []).append(r)
        chosen = [rs[0] for rs in by_task.values()]
        chosen_ids = {id(r) for r in chosen}
        missing = [c for c in self.collections if c not in by_task]
        if missing:
            sys.exit(f"no training run for collections {missing}: raise --runs")
        rest = [r for r in trainers if id(r) not in chosen_ids]
        # Sweep children log a model more often than ad-hoc runs.
        weights = [4.0 if r["parent"] else 1.0 for r in rest]
        need = len(per_run) - len(chosen)
        picked = set()
        # weighted sampling without replacement (Efraimidis–Spirakis)
        keys = sorted(((rng.random() ** (1.0 / w), i) for i, w in enumerate(weights)), reverse=True)
        for _, i in keys[:need]:
            picked.add(i)
        loggers = chosen + [rest[i] for i in sorted(picked)]
        loggers.sort(key=lambda r: r["start"])
        rng.shuffle(per_run)
        for r, k in zip(loggers, per_run):
            r["duration"] = rng.randint(10 * 60_000, 6 * HOUR_MS)
            for step in range(k):
                created = r["start"] + int(r["duration"] * (step + 1) / (k + 1))
                m = {
                    "id": "m-" + self.hexid(), "name": r["task"], "run": r, "created": created,
                    "step": (step + 1) * 10, "versions": [], "aliases": [],
                    "metric": round(rng.uniform(0.6, 0.99), 4),
                    "eval_version": next((v for v, c in r["datasets"] if c == "evaluation"), None),
                }
                self.models.append(m)
                r["model_out"].append(m)
        self.models.sort(key=lambda m: m["created"])
        self.model_times = [m["created"] for m in self.models]
        self.models_by_coll: dict[str, list[dict]] = {}
        for m in self.models:
            self.models_by_coll.setdefault(m["name"], []).append(m)

    def _plan_registry(self) -> None:
        a, rng = self.a, self.rng
        v = a.registered_versions
        if v == 0:
            return
        n_reg = min(len(self.collections), max(1, v // 10), 10)
        counts = self.zipf_split(v, n_reg, s=0.5)
        for i, count in enumerate(counts):
            coll = self.collections[i]
            pool = self.models_by_coll[coll]
            count = min(count, len(pool))
            # Evenly spread over the collection's history, so versions follow model creation.
            picks = sorted({int(j * len(pool) / count) for j in range(count)})
            if len(picks) < count:  # rounding collisions: fill from the untouched models
                extra = [j for j in range(len(pool)) if j not in picks]
                picks = sorted(picks + extra[: count - len(picks)])
            versions = []
            for num, j in enumerate(picks, start=1):
                m = pool[j]
                created = m["created"] + rng.randint(HOUR_MS, 2 * DAY_MS)
                ver = {"version": num, "model": m, "created": created, "aliases": []}
                m["versions"].append((coll, num))
                versions.append(ver)
            reg = {"name": coll, "versions": versions, "aliases": {}}
            n = len(versions)
            wanted = {"champion": n - 2, "production": n - 3, "staging": n - 1, "challenger": n // 2}
            for alias in ALIASES:
                k = wanted[alias]
                if 0 <= k < n and (alias == "champion" or k not in reg["aliases"].values()):
                    reg["aliases"][alias] = k
            if "champion" not in reg["aliases"]:
                reg["aliases"]["champion"] = n - 1
            for alias, k in reg["aliases"].items():
                versions[k]["aliases"].append(alias)
                versions[k]["model"]["aliases"].append(f"{coll}@{alias}")
            self.registered.append(reg)

    def model_before(self, t: int, prefer: list[dict] | None = None) -> dict | None:
        k = bisect.bisect_left(self.model_times, t - 30 * 60_000)
        if k == 0:
            return None
        if prefer and self.rng.random() < 0.25:
            ok = [m for m in prefer if m["created"] < t - 30 * 60_000]
            if ok:
                return self.rng.choice(ok)
        if self.rng.random() < 0.8:
            return self.models[self.rng.randint(max(0, k - 200), k - 1)]
        return self.models[self.rng.randint(0, k - 1)]

    def _assign_eval_inputs(self) -> None:
        rng = self.rng
        aliased = [m for m in self.models if m["aliases"]]
        for r in self.runs:
            if r["role"] != "eval":
                continue
            m = self.model_before(r["start"], aliased)
            if m is not None:
                r["model_in"].append(m)
                r["task"] = m["name"]
            task = r["task"] or self.pick_task()
            r["task"] = task
            ev = self.version_at(self.task_eval[task], r["start"] - 60_000)
            if ev is not None:
                r["datasets"].append((ev, "evaluation"))
            if rng.random() < 0.2:
                tv = self.version_at(self.task_train[task], r["start"] - 60_000)
                if tv is not None and tv != ev:
                    r["datasets"].append((tv, "evaluation"))
        # The sample model (the first registered model's champion) is evaluated at least once.
        sample = self.sample_model()
        if sample is not None and not any(sample in r["model_in"] for r in self.runs):
            later = [r for r in self.runs if r["role"] == "eval" and r["start"] > sample["created"] + 30 * 60_000]
            if not later:
                r = self.new_run("eval", min(self.end, sample["created"] + HOUR_MS))
                self.runs.remove(r)
                # replace a misc run so that the count stays --runs
                misc = next(x for x in self.runs if x["role"] == "misc")
                self.runs[self.runs.index(misc)] = r
                self.runs.sort(key=lambda x: x["start"])
                r["task"] = sample["name"]
                later = [r]
            r = later[0]
            r["model_in"] = [sample]
            r["task"] = sample["name"]

    def sample_model(self) -> dict | None:
        if self.registered:
            reg = self.registered[0]
            return reg["versions"][reg["aliases"]["champion"]]["model"]
        return self.models[-1] if self.models else None

    def _plan_consumers(self) -> None:
        rng = self.rng
        n = max(5, self.a.runs // 500)
        aliased = [m for m in self.models if m["aliases"]]
        sample = self.sample_model()
        for i in range(n):
            r = self.new_run("serve", self.at(0.3, 1.0), consumer=True)
            m = sample if i == 0 else self.model_before(r["start"], aliased)
            if i == 0 and m is not None:
                r["start"] = max(r["start"], m["created"] + HOUR_MS)
            if m is None:
                continue
            r["model_in"].append(m)
            r["task"] = m["name"]
            ev = self.version_at(self.task_eval[m["name"]], r["start"])
            if ev is not None:
                r["datasets"].append((ev, "evaluation"))
        self.consumer_runs.sort(key=lambda r: r["start"])

    def _cover_unused_versions(self) -> None:
        """A dataset version exists in MLflow only once a run logs it: give each unused one a user."""
        used = {vi for r in self.runs for vi, _ in r["datasets"]}
        starts = [r["start"] for r in self.runs]
        for vi, v in enumerate(self.versions):
            if vi in used:
                continue
            context = "evaluation" if v["eval"] else "training"
            k = bisect.bisect_right(starts, v["created"] + 60_000)
            candidates = [r for r in self.runs[k:k + 400] if r["role"] in ("train", "eval", "misc")]
            r = next((c for c in candidates if len(c["datasets"]) < 2), candidates[0] if candidates else None)
            if r is None:  # nothing ran after it: its producer logs it
                r = v["producer"] or self.runs[-1]
                context = None
            r["datasets"].append((vi, context))

    def _finish_runs(self) -> None:
        rng = self.rng
        latest = max(r["start"] for r in self.runs + self.consumer_runs)
        for r in self.runs + self.consumer_runs:
            r.setdefault("duration", rng.randint(60_000, 3 * HOUR_MS))
            r["name"] = self.run_name()
            r["user"] = rng.choice(USERS)
            p = rng.random()
            if r["start"] > latest - 2 * HOUR_MS and p < 0.5:
                r["status"] = "RUNNING"
            elif p < 0.06 and not r["model_out"]:
                r["status"] = "FAILED"
            elif p < 0.07 and not r["model_out"]:
                r["status"] = "KILLED"
            else:
                r["status"] = "FINISHED"
            r["end"] = None if r["status"] == "RUNNING" else r["start"] + r["duration"]
            # Where the run says it came from: mostly the script, sometimes a notebook or nothing.
            script = {"prep": "prepare.py", "train": "train.py", "sweep": "train.py",
                      "eval": "evaluate.py", "serve": "batch_predict.py", "misc": None}[r["role"]]
            q = rng.random()
            if script and q < 0.8:
                r["source"] = (script, rng.choice(["LOCAL", "LOCAL", "JOB"]))
            elif q < 0.9:
                r["source"] = (rng.choice(NOTEBOOKS), "NOTEBOOK")
            else:
                r["source"] = None
            r["job_type"] = (
                {"prep": "data-prep", "train": "train", "sweep": "sweep", "eval": "eval",
                 "serve": "inference", "misc": "analysis"}[r["role"]]
                if rng.random() < 0.05 else None
            )
            r["commit"] = "".join(rng.choice(HEX) for _ in range(40))
            r["framework"] = self.framework.get(r["task"] or "", "sklearn")
        for s in self.sweeps:
            s["parent"]["name"] = f"sweep-{s['task']}-{s['parent']['id'][:6]}"


# --------------------------------------------------------------------------- rows


def run_params(plan: Plan, r: dict) -> dict[str, str]:
    """The run's params (decided once: the logged model copies some of them)."""
    if "params" not in r:
        r["params"] = _run_params(plan, r)
    return r["params"]


def run_metrics(plan: Plan, r: dict) -> list[tuple[str, float, int, int]]:
    """(key, value, timestamp, step) rows in logging order (decided once: models share some)."""
    if "metrics" not in r:
        r["metrics"] = _run_metrics(plan, r)
    return r["metrics"]


def _run_params(plan: Plan, r: dict) -> dict[str, str]:
    rng = plan.rng
    role, fw = r["role"], r["framework"]
    if role == "prep":
        return {"split_seed": str(rng.randint(1, 9999)), "test_fraction": "0.2",
                "output_format": "parquet", "dedupe": rng.choice(["true", "false"])}
    if role == "sweep":
        return {"n_trials": str(len(r.get("children", []))), "sampler": "TPESampler",
                "metric": "val_accuracy", "direction": "maximize"}
    if role in ("eval", "serve"):
        m = r["model_in"][0] if r["model_in"] else None
        return {"model_uri": f"models:/{m['id']}" if m else "none", "evaluator": "default",
                "batch_size": str(rng.choice([256, 512, 1024]))}
    if role == "misc":
        return {"note": rng.choice(["baseline", "eda", "debug"])}
    if fw == "sklearn":  # what sklearn autolog writes for LogisticRegression
        return {"C": str(round(10 ** rng.uniform(-3, 2), 5)), "class_weight": "None", "dual": "False",
                "fit_intercept": "True", "intercept_scaling": "1", "l1_ratio": "None",
                "max_iter": str(rng.choice([100, 200, 500, 1000])), "multi_class": "deprecated",
                "n_jobs": "None", "penalty": rng.choice(["l2", "l1", "elasticnet"]),
                "random_state": str(rng.randint(0, 99)), "solver": rng.choice(["lbfgs", "saga", "liblinear"]),
                "tol": "0.0001", "verbose": "0", "warm_start": "False"}
    if fw in ("xgboost", "lightgbm"):
        return {"objective": "binary:logistic" if fw == "xgboost" else "binary",
                "max_depth": str(rng.randint(3, 12)), "learning_rate": str(round(rng.uniform(0.01, 0.3), 4)),
                "n_estimators": str(rng.choice([100, 300, 500, 1000])), "subsample": str(round(rng.uniform(0.5, 1), 2)),
                "colsample_bytree": str(round(rng.uniform(0.5, 1), 2)), "min_child_weight": str(rng.randint(1, 10)),
                "reg_alpha": str(round(rng.uniform(0, 1), 3)), "reg_lambda": str(round(rng.uniform(0, 5), 3)),
                "eval_metric": "logloss", "early_stopping_rounds": "50", "num_boost_round": "1000"}
    return {"epochs": "10", "lr": str(round(10 ** rng.uniform(-5, -2), 7)), "optimizer_name": "AdamW",
            "batch_size": str(rng.choice([32, 64, 128, 256])), "weight_decay": str(round(rng.uniform(0, 0.1), 4)),
            "dropout": str(round(rng.uniform(0, 0.5), 2)), "scheduler": "cosine", "precision": "bf16-mixed"}


def _run_metrics(plan: Plan, r: dict) -> list[tuple[str, float, int, int]]:
    rng = plan.rng
    t0, dur = r["start"], r["duration"]
    role, fw = r["role"], r["framework"]
    out = []
    if role == "prep":
        return [("rows_written", float(rng.randint(10_000, 5_000_000)), t0 + dur, 0),
                ("null_fraction", round(rng.uniform(0, 0.05), 5), t0 + dur, 0)]
    if role == "sweep":
        return [("best_val_accuracy", round(rng.uniform(0.8, 0.99), 4), t0 + dur, 0)]
    if role in ("eval", "serve"):
        base = rng.uniform(0.6, 0.97)
        return [(k, round(min(1.0, base + rng.uniform(-0.05, 0.05)), 4), t0 + dur, 0)
                for k in ("accuracy_score", "f1_score", "precision_score", "recall_score", "roc_auc")]
    if role == "misc":
        return [("duration_s", float(dur // 1000), t0 + dur, 0)] if rng.random() < 0.5 else []
    acc = r["model_out"][-1]["metric"] if r["model_out"] else round(rng.uniform(0.6, 0.99), 4)
    if fw == "sklearn":
        for k in ("training_accuracy_score", "training_f1_score", "training_log_loss",
                  "training_precision_score", "training_recall_score", "training_roc_auc", "training_score"):
            v = rng.uniform(0.05, 0.6) if k == "training_log_loss" else min(1.0, acc + rng.uniform(0, 0.05))
            out.append((k, round(v, 5), t0 + dur // 2, 0))
    else:
        key = {"xgboost": "validation_0-logloss", "lightgbm": "valid_0-binary_logloss", "pytorch": "val_loss"}[fw]
        loss = rng.uniform(0.5, 1.0)
        for step in range(10):
            loss *= rng.uniform(0.8, 0.98)
            out.append((key, round(loss, 5), t0 + dur * (step + 1) // 11, step))
        if fw == "pytorch":
            out.append(("train_loss", round(loss * 0.9, 5), t0 + dur, 9))
    out.append(("val_accuracy", acc, t0 + dur, 0))
    return out


def dataset_entity(plan: Plan, v: dict, exp_id: int, uri_base: str) -> dict:
    """The `datasets` row of a version in one experiment."""
    rng = random.Random(f"{v['name']}/{v['digest']}")
    if v["producer"] is not None:
        pr = v["producer"]
        path = f"data/{v['name']}/part-{v['pos']}.parquet" if v["pos"] or len(pr["produces"]) > 1 else f"data/{v['name']}.parquet"
        src_type, source = "http", json.dumps({"url": f"{uri_base}/get-artifact?path={urllib.parse.quote(path, safe='/')}&run_uuid={pr['id']}"})
    else:
        src_type, source = "s3", json.dumps({"uri": f"s3://ml-datasets/{v['name']}/{v['digest']}/"})
    cols = [{"type": rng.choice(["double", "long", "string"]), "name": f"f{i}", "required": True} for i in range(v["cols"])]
    return {
        "experiment_id": exp_id, "name": v["name"], "digest": v["digest"],
        "dataset_source_type": src_type, "dataset_source": source,
        "dataset_schema": json.dumps({"mlflow_colspec": cols}),
        "dataset_profile": json.dumps({"num_rows": v["rows"], "num_elements": v["rows"] * v["cols"]}),
    }


class Writer:
    """Buffers rows per MLflow table and bulk-inserts them, parents before children."""

    def __init__(self, engine, tables: list):
        self.engine = engine
        self.order = tables
        self.buf: dict = {t: [] for t in tables}
        self.count: dict = {t.name: 0 for t in tables}
        self.pending = 0

    def add(self, table, row: dict) -> None:
        self.buf[table].append(row)
        self.pending += 1
        if self.pending >= 100_000:
            self.flush()

    def flush(self) -> None:
        with self.engine.begin() as conn:
            for t in self.order:
                rows = self.buf[t]
                for i in range(0, len(rows), 20_000):
                    conn.execute(t.insert(), rows[i:i + 20_000])
                self.count[t.name] += len(rows)
                self.buf[t] = []
        self.pending = 0


def write(plan: Plan, uri: str, uri_base: str) -> dict:
    """Creates the schema and experiments through SqlAlchemyStore, then bulk-inserts the rest."""
    from mlflow.entities import ExperimentTag, LoggedModelStatus
    from mlflow.store.model_registry.dbmodels import models as reg
    from mlflow.store.tracking.dbmodels import models as tm
    from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore

    a = plan.a
    t0 = time.time()
    store = SqlAlchemyStore(uri, "mlflow-artifacts:/")
    schema_s = time.time() - t0
    if store.get_experiment_by_name(a.experiment) is not None:
        sys.exit(f"experiment {a.experiment!r} already exists in {redact(uri)}: seed a fresh database")
    note = (f"Seeded by scripts/seed_scale.py: {a.runs:,} runs, {a.models:,} logged models in "
            f"{a.model_collections} collections, {a.dataset_versions:,} dataset versions, "
            f"{a.registered_versions} registered-model versions.")
    exp_id = int(store.create_experiment(a.experiment, tags=[ExperimentTag("mlflow.note.content", note)]))
    cons_id = int(store.create_experiment(
        f"{a.experiment}-serving",
        tags=[ExperimentTag("mlflow.note.content", f"Batch scoring and shadow evaluation of models from {a.experiment}.")]))
    exp_loc = {exp_id: store.get_experiment(str(exp_id)).artifact_location,
               cons_id: store.get_experiment(str(cons_id)).artifact_location}
    engine = store.engine
    T = lambda m: m.__table__  # noqa: E731
    w = Writer(engine, [
        T(tm.SqlRun), T(tm.SqlTag), T(tm.SqlParam), T(tm.SqlMetric), T(tm.SqlLatestMetric),
        T(tm.SqlDataset), T(tm.SqlInput), T(tm.SqlInputTag), T(tm.SqlLoggedModel),
        T(tm.SqlLoggedModelTag), T(tm.SqlLoggedModelParam), T(tm.SqlLoggedModelMetric),
        T(reg.SqlRegisteredModel), T(reg.SqlModelVersion), T(reg.SqlModelVersionTag),
        T(reg.SqlRegisteredModelAlias),
    ])
    ds_uuid: dict[tuple[int, int], str] = {}  # (experiment, version index) -> dataset_uuid
    ready = LoggedModelStatus.READY.to_int()

    def dataset_row(exp: int, vi: int) -> str:
        key = (exp, vi)
        if key not in ds_uuid:
            ds_uuid[key] = plan.hexid()
            w.add(T(tm.SqlDataset), {"dataset_uuid": ds_uuid[key], **dataset_entity(plan, plan.versions[vi], exp, uri_base)})
        return ds_uuid[key]

    def write_run(r: dict, exp: int) -> None:
        rid = r["id"]
        w.add(T(tm.SqlRun), {
            "run_uuid": rid, "name": r["name"], "source_type": "UNKNOWN", "source_name": "",
            "entry_point_name": "", "user_id": r["user"], "status": r["status"],
            "start_time": r["start"], "end_time": r["end"], "deleted_time": None,
            "source_version": "", "lifecycle_stage": "active",
            "artifact_uri": f"{exp_loc[exp]}/{rid}/artifacts", "experiment_id": exp,
        })
        tags = {"mlflow.runName": r["name"], "mlflow.user": r["user"]}
        if r["source"]:
            tags["mlflow.source.name"] = r["source"][0]
            tags["mlflow.source.type"] = r["source"][1]
            if r["source"][1] != "NOTEBOOK":
                tags["mlflow.source.git.commit"] = r["commit"]
        if r["parent"] is not None:
            tags["mlflow.parentRunId"] = r["parent"]["id"]
        if r["job_type"]:
            tags["job_type"] = r["job_type"]
        if r["role"] == "train" and r["framework"] == "sklearn":
            tags.update({"mlflow.autologging": "sklearn", "estimator_name": "LogisticRegression",
                         "estimator_class": "sklearn.linear_model._logistic.LogisticRegression"})
        elif r["role"] == "train":
            tags["mlflow.autologging"] = r["framework"]
        if r["role"] == "sweep":
            tags["sweep.study"] = r["name"]
        for k, v in tags.items():
            w.add(T(tm.SqlTag), {"key": k, "value": v, "run_uuid": rid})
        for k, v in run_params(plan, r).items():
            w.add(T(tm.SqlParam), {"key": k, "value": v, "run_uuid": rid})
        latest: dict[str, tuple] = {}
        for k, v, ts, step in run_metrics(plan, r):
            w.add(T(tm.SqlMetric), {"key": k, "value": v, "timestamp": ts, "step": step, "is_nan": False, "run_uuid": rid})
            if k not in latest or (step, ts) >= (latest[k][2], latest[k][1]):
                latest[k] = (v, ts, step)
        for k, (v, ts, step) in latest.items():
            w.add(T(tm.SqlLatestMetric), {"key": k, "value": v, "timestamp": ts, "step": step, "is_nan": False, "run_uuid": rid})
        # dataset inputs, in log order
        for vi, context in r["datasets"]:
            iu = plan.hexid()
            w.add(T(tm.SqlInput), {"input_uuid": iu, "source_type": "DATASET", "source_id": dataset_row(exp, vi),
                                   "destination_type": "RUN", "destination_id": rid, "step": 0})
            if context:
                w.add(T(tm.SqlInputTag), {"input_uuid": iu, "name": "mlflow.data.context", "value": context})
        for m in r["model_in"]:
            w.add(T(tm.SqlInput), {"input_uuid": plan.hexid(), "source_type": "RUN_INPUT", "source_id": rid,
                                   "destination_type": "MODEL_INPUT", "destination_id": m["id"], "step": 0})
        for m in r["model_out"]:
            write_model(m, exp)
            w.add(T(tm.SqlInput), {"input_uuid": plan.hexid(), "source_type": "RUN_OUTPUT", "source_id": rid,
                                   "destination_type": "MODEL_OUTPUT", "destination_id": m["id"], "step": m["step"]})
        # evaluation metrics land on the model too (as mlflow.evaluate / log_metric(model_id=…) do)
        for m in r["model_in"]:
            for k, v, ts, step in run_metrics(plan, r)[:2]:
                w.add(T(tm.SqlLoggedModelMetric), {
                    "model_id": m["id"], "metric_name": k, "metric_timestamp_ms": ts, "metric_step": step,
                    "metric_value": v, "experiment_id": exp, "run_id": rid, **eval_dataset_ref(r, exp)})
        r.pop("params", None)  # written: keep the plan small
        r.pop("metrics", None)

    def eval_dataset_ref(r: dict, exp: int) -> dict:
        vi = next((vi for vi, c in r["datasets"] if c == "evaluation"), None)
        if vi is None:
            return {"dataset_uuid": None, "dataset_name": None, "dataset_digest": None}
        v = plan.versions[vi]
        return {"dataset_uuid": dataset_row(exp, vi), "dataset_name": v["name"], "dataset_digest": v["digest"]}

    def write_model(m: dict, exp: int) -> None:
        r = m["run"]
        mid = m["id"]
        w.add(T(tm.SqlLoggedModel), {
            "model_id": mid, "experiment_id": exp, "name": m["name"],
            "artifact_location": f"{exp_loc[exp]}/models/{mid}/artifacts",
            "creation_timestamp_ms": m["created"], "last_updated_timestamp_ms": m["created"] + 4_000,
            "status": ready, "lifecycle_stage": "active", "model_type": None,
            "source_run_id": r["id"], "status_message": None,
        })
        tags = {"mlflow.user": r["user"], "mlflow.source.type": r["source"][1] if r["source"] else "LOCAL"}
        if r["source"]:
            tags["mlflow.source.name"] = r["source"][0]
        if m["versions"]:
            tags["mlflow.modelVersions"] = json.dumps([{"name": n, "version": v} for n, v in m["versions"]])
        for k, v in tags.items():
            w.add(T(tm.SqlLoggedModelTag), {"model_id": mid, "experiment_id": exp, "tag_key": k, "tag_value": v})
        for k, v in list(run_params(plan, r).items())[:4]:
            w.add(T(tm.SqlLoggedModelParam), {"model_id": mid, "experiment_id": exp, "param_key": k, "param_value": v})
        w.add(T(tm.SqlLoggedModelMetric), {
            "model_id": mid, "metric_name": "val_accuracy", "metric_timestamp_ms": m["created"],
            "metric_step": m["step"], "metric_value": m["metric"], "experiment_id": exp, "run_id": r["id"],
            **eval_dataset_ref(r, exp)})

    t1 = time.time()
    n_done = 0
    for r in plan.runs:
        write_run(r, exp_id)
        n_done += 1
        if n_done % 20_000 == 0:
            log(f"  {n_done:,} runs queued ({time.time() - t1:.0f} s)")
    for r in plan.consumer_runs:
        write_run(r, cons_id)
    for rg in plan.registered:
        last = max(v["created"] for v in rg["versions"])
        w.add(T(reg.SqlRegisteredModel), {"name": rg["name"], "creation_time": rg["versions"][0]["created"],
                                          "last_updated_time": last,
                                          "description": f"Production {rg['name']} model, promoted from the {a.experiment} experiment."})
        for v in rg["versions"]:
            m = v["model"]
            w.add(T(reg.SqlModelVersion), {
                "name": rg["name"], "version": v["version"], "creation_time": v["created"],
                "last_updated_time": v["created"], "description": None, "user_id": m["run"]["user"],
                "current_stage": "None", "source": f"models:/{m['id']}",
                "storage_location": f"{exp_loc[exp_id]}/models/{m['id']}/artifacts",
                "run_id": m["run"]["id"], "run_link": "", "status": "READY", "status_message": None,
            })
            w.add(T(reg.SqlModelVersionTag), {"name": rg["name"], "version": v["version"], "key": "val_accuracy",
                                              "value": str(m["metric"])})
        for alias, k in rg["aliases"].items():
            w.add(T(reg.SqlRegisteredModelAlias), {"name": rg["name"], "alias": alias, "version": rg["versions"][k]["version"]})
    w.flush()
    store.set_experiment_tag(str(exp_id), ExperimentTag(SEEDED_TAG, "true"))
    write_s = time.time() - t1
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:  # fresh statistics, as autovacuum would give a real server
            conn.exec_driver_sql("ANALYZE")
    return {"experiment_id": str(exp_id), "consumer_experiment_id": str(cons_id),
            "rows": {k: v for k, v in w.count.items() if v}, "schema_s": schema_s, "write_s": write_s}


# --------------------------------------------------------------------------- reading back


def redact(uri: str) -> str:
    p = urllib.parse.urlsplit(uri)
    if p.password:
        return uri.replace(f":{p.password}@", ":***@")
    return uri


def summarize(plan: Plan, written: dict) -> dict:
    a = plan.a
    exp_id, cons_id = written["experiment_id"], written["consumer_experiment_id"]
    rows = {(v["name"], v["digest"], c) for r in plan.runs for vi, c in r["datasets"] for v in [plan.versions[vi]]}
    trip = plan.triples[0] if plan.triples else None
    sample = plan.sample_model()
    eval_run = next((r for r in plan.runs if r["role"] == "eval" and sample in r["model_in"]), None)
    consumer = next((r for r in plan.consumer_runs if r["model_in"]), None)
    biggest_sweep = max(plan.sweeps, key=lambda s: len(s["children"]))
    return {
        "schema": SUMMARY_SCHEMA_VERSION,
        "seed": a.seed,
        "experiment": {"id": exp_id, "name": a.experiment},
        "consumer_experiment": {"id": cons_id, "name": f"{a.experiment}-serving"},
        "counts": {
            "runs": len(plan.runs), "consumer_runs": len(plan.consumer_runs),
            "logged_models": len(plan.models), "model_collections": len(plan.collections),
            "dataset_versions": len(plan.versions), "dataset_names": len(plan.versions_by_name),
            "dataset_summary_rows": len(rows),
            "registered_models": len(plan.registered),
            "registered_versions": sum(len(r["versions"]) for r in plan.registered),
            "sweeps": len(plan.sweeps), "sweep_children": sum(len(s["children"]) for s in plan.sweeps),
            "evaluation_runs": sum(1 for r in plan.runs if r["role"] == "eval"),
            "prep_runs": sum(1 for r in plan.runs if r["role"] == "prep"),
            "runs_with_job_type_tag": sum(1 for r in plan.runs if r["job_type"]),
        },
        "collections": plan.collections,
        "dataset_names": sorted(plan.versions_by_name),
        "registered_models": [
            {"name": rg["name"], "versions": len(rg["versions"]),
             "aliases": {al: rg["versions"][k]["version"] for al, k in rg["aliases"].items()}}
            for rg in plan.registered
        ],
        "samples": {
            "model": sample and {
                "id": sample["id"], "collection": sample["name"], "source_run_id": sample["run"]["id"],
                "registered_model": plan.registered[0]["name"] if plan.registered else None,
                "alias": "champion" if plan.registered else None,
            },
            "three_in_one_run": trip and {
                "run_id": trip["run"]["id"], "dataset": plan.versions[trip["versions"][0]]["name"],
                "digests_in_log_order": [plan.versions[i]["digest"] for i in trip["versions"]],
                "digest": plan.versions[trip["versions"][-1]]["digest"],
            },
            "evaluation_run": eval_run and {"id": eval_run["id"], "model_id": eval_run["model_in"][0]["id"]},
            "cross_experiment_consumer": consumer and {
                "run_id": consumer["id"], "experiment_id": cons_id, "model_id": consumer["model_in"][0]["id"],
                "model_experiment_id": exp_id,
            },
            "sweep": {"parent_run_id": biggest_sweep["parent"]["id"], "name": biggest_sweep["parent"]["name"],
                      "children": len(biggest_sweep["children"]), "collection": biggest_sweep["task"]},
            "dataset_collection": plan.versions[trip["versions"][0]]["name"] if trip else plan.versions[0]["name"],
            "model_collection": plan.collections[0],
        },
        "seconds": {"schema": round(written["schema_s"], 1), "write": round(written["write_s"], 1)},
        "rows_written": written["rows"],
    }


class Mismatch(Exception):
    pass


def expect(what: str, got, want) -> None:
    if got != want:
        raise Mismatch(f"{what}: MLflow reads back {got!r}, the seed wrote {want!r}")


def verify(plan: Plan, uri: str, summary: dict) -> None:
    """Reads back through MLflow's own client and store on the same database."""
    from mlflow import MlflowClient
    from mlflow.store.tracking.sqlalchemy_store import SqlAlchemyStore

    c = MlflowClient(tracking_uri=uri, registry_uri=uri)
    s = summary["samples"]
    exp_id = summary["experiment"]["id"]
    # the newest runs come first, as written
    newest = c.search_runs([exp_id], max_results=5, order_by=["attributes.start_time DESC"])
    want = [r["id"] for r in sorted(plan.runs, key=lambda r: -r["start"])[:5]]
    expect("newest 5 runs", [r.info.run_id for r in newest], want)
    # a sweep's children by the parent tag
    sw = next(x for x in plan.sweeps if x["parent"]["id"] == s["sweep"]["parent_run_id"])
    kids, token = 0, None
    while True:
        page = c.search_runs([exp_id], filter_string=f"tags.mlflow.parentRunId = '{sw['parent']['id']}'",
                             max_results=1000, page_token=token)
        kids += len(page)
        token = page.token
        if not token:
            break
    expect("sweep children", kids, len(sw["children"]))
    # the run that logged three versions of one dataset: inputs in log order, with their context
    if s["three_in_one_run"]:
        run = c.get_run(s["three_in_one_run"]["run_id"])
        got = [(d.dataset.name, d.dataset.digest, {t.key: t.value for t in d.tags}.get("mlflow.data.context"))
               for d in run.inputs.dataset_inputs]
        name = s["three_in_one_run"]["dataset"]
        expect("three versions in one run (dataset_inputs order)", got,
               [(name, dg, "preprocessing") for dg in s["three_in_one_run"]["digests_in_log_order"]])
        src = json.loads(run.inputs.dataset_inputs[0].dataset.source)
        if f"run_uuid={run.info.run_id}" not in src.get("url", ""):
            raise Mismatch(f"the three versions' source does not point into their prep run: {src}")
    # an evaluation run: model input (only get_run has it), evaluation dataset
    if s["evaluation_run"]:
        run = c.get_run(s["evaluation_run"]["id"])
        expect("evaluation run model_inputs", [m.model_id for m in run.inputs.model_inputs], [s["evaluation_run"]["model_id"]])
        model = c.get_logged_model(s["evaluation_run"]["model_id"])
        if model.creation_timestamp >= run.info.start_time:
            raise Mismatch("the evaluation run started before the model it uses")
    # the sample model: source run and outputs
    m = s["model"]
    if m:
        model = c.get_logged_model(m["id"])
        expect("sample model source run", model.source_run_id, m["source_run_id"])
        run = c.get_run(m["source_run_id"])
        if m["id"] not in [o.model_id for o in run.outputs.model_outputs]:
            raise Mismatch("the sample model is not in its run's outputs.model_outputs")
        shared = {k: run.data.params.get(k) for k in model.params}
        expect("sample model params (copied from its run)", shared, model.params)
    # every collection's size through search_logged_models (paged)
    for coll in plan.collections:
        n, token = 0, None
        while True:
            page = c.search_logged_models(experiment_ids=[exp_id], filter_string=f"name = '{coll}'",
                                          max_results=100, page_token=token)
            n += len(page)
            token = page.token
            if not token:
                break
        expect(f"logged models in {coll}", n, len(plan.models_by_coll[coll]))
    # registry: versions and aliases
    for rg in plan.registered:
        mvs = c.search_model_versions(f"name = '{rg['name']}'", max_results=1000)
        expect(f"versions of {rg['name']}", len(mvs), len(rg["versions"]))
        by_v = {int(v.version): v for v in mvs}
        for v in rg["versions"]:
            expect(f"{rg['name']} v{v['version']} source", by_v[v["version"]].source, f"models:/{v['model']['id']}")
        got = c.get_registered_model(rg["name"]).aliases
        expect(f"aliases of {rg['name']}", {k: int(v) for k, v in got.items()},
               {al: rg["versions"][k]["version"] for al, k in rg["aliases"].items()})
    # cross-experiment consumer
    if s["cross_experiment_consumer"]:
        run = c.get_run(s["cross_experiment_consumer"]["run_id"])
        expect("consumer experiment", run.info.experiment_id, summary["consumer_experiment"]["id"])
        expect("consumer model_inputs", [x.model_id for x in run.inputs.model_inputs], [s["cross_experiment_consumer"]["model_id"]])
    # the dataset summaries behind experiments/search-datasets (capped by MLflow at 1,000)
    store = SqlAlchemyStore(uri, "mlflow-artifacts:/")
    got = store._search_datasets([exp_id])
    expect("dataset summaries", len(got), min(MAX_DATASET_SUMMARIES_RESULTS, summary["counts"]["dataset_summary_rows"]))
    # runs that used the newest triple version, by MLflow's dataset filter
    if s["three_in_one_run"]:
        name, dg = s["three_in_one_run"]["dataset"], s["three_in_one_run"]["digest"]
        users = c.search_runs([exp_id], filter_string=f"dataset.name = '{name}' AND dataset.digest = '{dg}'", max_results=1000)
        want = sum(1 for r in plan.runs if any(plan.versions[vi]["name"] == name and plan.versions[vi]["digest"] == dg for vi, _ in r["datasets"]))
        expect(f"runs using {name}@{dg}", len(users), min(want, 1000))


def http_json(url: str, body: dict | None = None) -> dict:
    """One read from the server. A freshly started server's workers can drop the first
    connections, so a dropped connection (never an HTTP error) is tried again, five times at most."""
    req = urllib.request.Request(url, data=None if body is None else json.dumps(body).encode(),
                                 headers={"content-type": "application/json"}, method="GET" if body is None else "POST")
    for attempt in range(5):
        try:
            with urllib.request.urlopen(req, timeout=300) as res:
                return json.loads(res.read())
        except urllib.error.HTTPError:
            raise
        except (urllib.error.URLError, ConnectionError) as e:
            if attempt == 4:
                raise
            log(f"{url}: {e}; trying again in 2 s")
            time.sleep(2)
    raise AssertionError("unreachable")


def check_server(base: str, summary: dict) -> None:
    """The key checks again, over HTTP, against a server started on the seeded database."""
    base = base.rstrip("/")
    exp_id = summary["experiment"]["id"]
    s = summary["samples"]
    got = http_json(f"{base}/ajax-api/2.0/mlflow/experiments/search-datasets", {"experiment_ids": [exp_id]})
    n = len(got.get("dataset_summaries", []))
    expect("experiments/search-datasets rows", n, min(MAX_DATASET_SUMMARIES_RESULTS, summary["counts"]["dataset_summary_rows"]))
    if s["evaluation_run"]:
        run = http_json(f"{base}/api/2.0/mlflow/runs/get?run_id={s['evaluation_run']['id']}")["run"]
        expect("runs/get model_inputs", [m["model_id"] for m in run["inputs"].get("model_inputs", [])], [s["evaluation_run"]["model_id"]])
    coll = s["model_collection"]
    total, token = 0, None
    while True:
        body = {"experiment_ids": [exp_id], "filter": f"name = '{coll}'", "max_results": 100}
        if token:
            body["page_token"] = token
        page = http_json(f"{base}/api/2.0/mlflow/logged-models/search", body)
        total += len(page.get("models", []))
        token = page.get("next_page_token")
        if not token:
            break
    if total == 0:
        raise Mismatch(f"logged-models/search finds no model named {coll}")
    if s["three_in_one_run"]:
        run = http_json(f"{base}/api/2.0/mlflow/runs/get?run_id={s['three_in_one_run']['run_id']}")["run"]
        expect("runs/get dataset_inputs order", [d["dataset"]["digest"] for d in run["inputs"]["dataset_inputs"]],
               s["three_in_one_run"]["digests_in_log_order"])
    log(f"server {base}: search-datasets {n} rows, {coll} {total} models, sample runs read back as written")


# --------------------------------------------------------------------------- main


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--tracking-uri", help="sqlite:///PATH or postgresql://user@host:port/db (written directly)")
    p.add_argument("--runs", type=int, default=100_000)
    p.add_argument("--models", type=int, default=10_000)
    p.add_argument("--model-collections", type=int, default=20)
    p.add_argument("--dataset-versions", type=int, default=1_000)
    p.add_argument("--registered-versions", type=int, default=200)
    p.add_argument("--experiment", default="scale")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--artifact-base-url", default="http://mlflow.example.internal:5000",
                   help="origin written into datasets' get-artifact sources")
    p.add_argument("--summary-out")
    p.add_argument("--check-server", metavar="URL", help="only check a server started on a seeded database")
    p.add_argument("--summary-in", help="with --check-server: the summary the seed wrote")
    a = p.parse_args()
    if a.check_server:
        if not a.summary_in:
            p.error("--check-server needs --summary-in")
        with open(a.summary_in) as f:
            check_server(a.check_server, json.load(f))
        return
    if not a.tracking_uri or not a.tracking_uri.split(":")[0] in ("sqlite", "postgresql"):
        p.error("--tracking-uri must be sqlite:///… or postgresql://…")
    if a.model_collections < 1 or a.models < a.model_collections or a.dataset_versions < 1 or a.runs < 100:
        p.error("need --runs >= 100, --models >= --model-collections >= 1, --dataset-versions >= 1")

    t0 = time.time()
    plan = Plan(a, int(time.time() * 1000))
    plan.build()
    plan_s = time.time() - t0
    log(f"planned {len(plan.runs):,} + {len(plan.consumer_runs)} runs, {len(plan.models):,} models, "
        f"{len(plan.versions):,} dataset versions in {plan_s:.1f} s; writing to {redact(a.tracking_uri)}")
    written = write(plan, a.tracking_uri, a.artifact_base_url.rstrip("/"))
    summary = summarize(plan, written)
    summary["seconds"]["plan"] = round(plan_s, 1)
    log(f"wrote {sum(written['rows'].values()):,} rows in {written['write_s']:.0f} s "
        f"(schema {written['schema_s']:.0f} s): " + ", ".join(f"{k} {v:,}" for k, v in written["rows"].items()))
    t1 = time.time()
    try:
        verify(plan, a.tracking_uri, summary)
    except Mismatch as e:
        sys.exit(f"read-back check failed: {e}")
    summary["seconds"]["verify"] = round(time.time() - t1, 1)
    summary["seconds"]["total"] = round(time.time() - t0, 1)
    log(f"read back through MlflowClient: as written ({summary['seconds']['verify']:.0f} s); total {summary['seconds']['total']:.0f} s")
    if a.summary_out:
        with open(a.summary_out, "w") as f:
            json.dump(summary, f, indent=1)


if __name__ == "__main__":
    main()
