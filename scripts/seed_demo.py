#!/usr/bin/env python3
"""Seed the Artifact Explorer demo project into an MLflow (3.x) tracking server.

Usage:
    python scripts/seed_demo.py --tracking-uri http://127.0.0.1:5077 [--summary-out FILE]
    python scripts/seed_demo.py --tracking-uri URL --bulk 1000 [--bulk-experiment NAME] [--jobs 4]

The demo project (experiment ``artifacts-demo``) is shaped after the W&B Artifacts FAQ:

* ``prepare-data`` (job_type=data-prep) writes ``data/train_v1.csv``, ``data/train_v2.csv``
  and ``data/test.csv`` as run files and uses the reference dataset ``raw-images``
  (source ``s3://demo-bucket/raw/images/``, context ``source``).  The datasets ``iris-train``
  (two digests) and ``iris-test`` have ``http://…/get-artifact?path=data/…&run_uuid=<prep run>``
  sources: an inferred logged_by edge to the data-prep run.
* ``sweep-lr`` (job_type=sweep) with child runs ``sweep-lr-0…`` (job_type=train), each using
  ``iris-train`` (newer digest, context ``training``), logging params, ``val_acc`` over steps,
  ``train_loss``, ``code/train.py`` and one version of the logged-model collection ``sweep-model``.
* ``train-cnn`` / ``train-resnet`` (job_type=train) logging checkpoint collections ``cnn``
  (model_type ``classifier``) and ``resnet``.
* registered model ``iris-classifier`` (versions -> best logged models, aliases ``champion``
  and ``staging``).
* ``evaluate-champion`` (job_type=eval): model input = champion logged model, dataset input
  ``iris-test`` (context ``evaluation``), files under ``report/`` (nested, a PNG, a name with a
  space, a 5.5 MiB binary).
* a second small experiment ``scratch`` with two plain runs.
* ``iris-gridsearch``: ``mlflow.sklearn.autolog()`` around a scikit-learn ``GridSearchCV``
  over six values of ``C``, exactly as a user writes it (parent ``logreg-grid`` logs the
  models ``best_estimator`` and ``model``; its children log no model).

Idempotent: when ``artifacts-demo`` already carries the tag ``demo.seeded=true`` nothing is
written.  That tag is set last.  An experiment left half-seeded by an earlier failure is renamed
and deleted, then seeded again.  The JSON summary (``--summary-out``) is always built by reading
the server back, so it is the same whether the data was just written or was already there.

Only the MLflow Python client is used; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import getpass
import io
import json
import logging
import math
import os
import random
import struct
import sys
import tempfile
import time
import warnings
import zlib
from pathlib import Path

warnings.filterwarnings("ignore")  # mlflow's integer-schema hints etc.
os.environ.setdefault("MLFLOW_ENABLE_ASYNC_LOGGING", "false")
os.environ.setdefault("MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT", "true")
# Keep the client from probing git (the seed is not a git-tracked training job).
os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")

import mlflow  # noqa: E402
import pandas as pd  # noqa: E402
from mlflow import MlflowClient  # noqa: E402
from mlflow.data.dataset_source_registry import resolve_dataset_source  # noqa: E402
from mlflow.data.meta_dataset import MetaDataset  # noqa: E402
from mlflow.entities import (  # noqa: E402
    DatasetInput,
    InputTag,
    LoggedModelInput,
    LoggedModelOutput,
    Metric,
    Param,
    RunTag,
)
from mlflow.exceptions import MlflowException  # noqa: E402

logging.getLogger("mlflow").setLevel(logging.WARNING)

DEMO_EXPERIMENT = "artifacts-demo"
SCRATCH_EXPERIMENT = "scratch"
REGISTERED_MODEL = "iris-classifier"
SEEDED_TAG = "demo.seeded"
SWEEP_CHILDREN = 12
SOURCE_NAME = "scripts/seed_demo.py"
BIG_FILE_SIZE = 5_767_168  # 5.5 MiB
SUMMARY_SCHEMA_VERSION = 1

DEMO_NOTE = """# Artifacts demo

A small project shaped after the W&B Artifacts FAQ, seeded by `scripts/seed_demo.py`:

* `prepare-data` writes the `iris-train` dataset in two versions and `iris-test`;
* the `sweep-lr` sweep trains 12 children, each logging a `sweep-model` version;
* `train-cnn` / `train-resnet` log checkpoint collections `cnn` and `resnet`;
* the registered model `iris-classifier` links the best ones (`champion`, `staging`);
* `evaluate-champion` uses the champion and `iris-test` and writes a `report/`.
"""


# --------------------------------------------------------------------------- helpers


def now_ms() -> int:
    return int(time.time() * 1000)


def base_tags(job_type: str | None = None, **extra: str) -> dict[str, str]:
    tags = {
        "mlflow.user": getpass.getuser(),
        "mlflow.source.name": SOURCE_NAME,
        "mlflow.source.type": "LOCAL",
    }
    if job_type:
        tags["job_type"] = job_type
    tags.update({k: str(v) for k, v in extra.items()})
    return tags


def det_bytes(seed: int, size: int) -> bytes:
    """Deterministic pseudo-random bytes (same on every machine and Python >= 3.9)."""
    return random.Random(seed).randbytes(size)


def png_bytes(width: int, height: int, pixel) -> bytes:
    """A real RGB PNG (8-bit, no interlace) written with zlib + struct; pixel(x, y) -> (r, g, b)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = bytearray()
    for y in range(height):
        raw.append(0)  # filter type: none
        for x in range(width):
            raw.extend(bytes(pixel(x, y)))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
        + chunk(b"IEND", b"")
    )


def heatmap_png(matrix: list[list[int]], cell: int = 24) -> bytes:
    n = len(matrix)
    peak = max(max(row) for row in matrix) or 1

    def pixel(x, y):
        i, j = y // cell, x // cell
        if x % cell == 0 or y % cell == 0:
            return (255, 255, 255)
        t = matrix[i][j] / peak
        return (int(255 * (1 - t)), int(255 * (1 - 0.6 * t)), 255)

    return png_bytes(n * cell, n * cell, pixel)


def curve_png(points: list[tuple[float, float]], size: int = 64) -> bytes:
    on = {(int(x * (size - 1)), int((1 - y) * (size - 1))) for x, y in points}

    def pixel(x, y):
        if (x, y) in on:
            return (200, 30, 30)
        return (250, 250, 250) if (x + y) % 16 else (230, 230, 230)

    return png_bytes(size, size, pixel)


def iris_frame(rng: random.Random, n: int, digits: int = 1) -> pd.DataFrame:
    """Iris-shaped synthetic data (no download): 4 float features and a species label."""
    centers = {
        "setosa": (5.0, 3.4, 1.5, 0.25),
        "versicolor": (5.9, 2.8, 4.3, 1.3),
        "virginica": (6.6, 3.0, 5.5, 2.0),
    }
    rows = []
    species = list(centers)
    for i in range(n):
        s = species[i % 3]
        c = centers[s]
        rows.append(
            {
                "sepal_length": round(c[0] + rng.gauss(0, 0.35), digits),
                "sepal_width": round(c[1] + rng.gauss(0, 0.3), digits),
                "petal_length": round(c[2] + rng.gauss(0, 0.3), digits),
                "petal_width": round(max(0.1, c[3] + rng.gauss(0, 0.15)), digits),
                "species": s,
            }
        )
    return pd.DataFrame(rows)


def dataset_input(ds, context: str | None) -> DatasetInput:
    tags = [InputTag(key="mlflow.data.context", value=context)] if context else []
    return DatasetInput(dataset=ds._to_mlflow_entity(), tags=tags)


def mlmodel_text(model_id: str, name: str, run_id: str, extra: dict[str, str]) -> str:
    lines = [
        f"artifact_path: {name}",
        "flavors:",
        "  python_function:",
        "    loader_module: demo_numpy_model",
        "    data: model.weights",
        "    env:",
        "      virtualenv: python_env.yaml",
        "    python_version: 3.11.7",
        f"mlflow_version: {mlflow.__version__}",
        f"model_id: {model_id}",
        f"run_id: {run_id}",
        "signature:",
        "  inputs: '[{\"type\": \"double\", \"name\": \"sepal_length\"}, {\"type\": \"double\", "
        "\"name\": \"sepal_width\"}, {\"type\": \"double\", \"name\": \"petal_length\"}, "
        "{\"type\": \"double\", \"name\": \"petal_width\"}]'",
        "  outputs: '[{\"type\": \"string\", \"name\": \"species\"}]'",
        f"utc_time_created: '{time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())}.000000'",
        "metadata:",
    ]
    lines += [f"  {k}: '{v}'" for k, v in extra.items()]
    return "\n".join(lines) + "\n"


def write_model_dir(root: Path, model_id: str, name: str, run_id: str, seed: int,
                    weights_size: int, extra: dict[str, str]) -> Path:
    d = root / model_id
    d.mkdir(parents=True, exist_ok=True)
    (d / "MLmodel").write_text(mlmodel_text(model_id, name, run_id, extra))
    (d / "model.weights").write_bytes(det_bytes(seed, weights_size))
    (d / "python_env.yaml").write_text(
        "python: 3.11.7\nbuild_dependencies:\n- pip\ndependencies:\n- -r requirements.txt\n"
    )
    (d / "requirements.txt").write_text(f"mlflow=={mlflow.__version__}\nnumpy\npandas\n")
    return d


class Seeder:
    def __init__(self, client: MlflowClient, tracking_uri: str, verbose: bool = True):
        self.c = client
        self.uri = tracking_uri.rstrip("/")
        self.verbose = verbose
        self.tmp = Path(tempfile.mkdtemp(prefix="seed_demo_"))

    def log(self, msg: str) -> None:
        if self.verbose:
            print(msg, flush=True)

    # ---------------------------------------------------------------- experiments

    def prepare_experiment(self, name: str) -> tuple[str | None, bool]:
        """Returns (experiment_id, already_seeded). Clears half-seeded leftovers."""
        exp = self.c.get_experiment_by_name(name)
        if exp is None:
            return None, False
        if exp.lifecycle_stage == "active" and exp.tags.get(SEEDED_TAG) == "true":
            return exp.experiment_id, True
        # Half-seeded (an earlier run failed) or deleted: move it out of the way so the
        # name is free (a deleted experiment still owns its name in MLflow).
        if exp.lifecycle_stage != "active":
            self.c.restore_experiment(exp.experiment_id)
        stale = f"{name}.partial-{exp.experiment_id}-{now_ms()}"
        self.c.rename_experiment(exp.experiment_id, stale)
        self.c.delete_experiment(exp.experiment_id)
        self.log(f"moved unfinished experiment {name!r} (id {exp.experiment_id}) to {stale!r} and deleted it")
        return None, False

    def new_run(self, exp_id: str, name: str, tags: dict[str, str],
                params: dict | None = None, metrics: list[Metric] | None = None,
                extra_tags: dict[str, str] | None = None):
        run = self.c.create_run(exp_id, tags=tags, run_name=name)
        rid = run.info.run_id
        if params or metrics or extra_tags:
            self.c.log_batch(
                rid,
                metrics=metrics or [],
                params=[Param(k, str(v)) for k, v in (params or {}).items()],
                tags=[RunTag(k, v) for k, v in (extra_tags or {}).items()],
            )
        return rid

    def upload_files(self, run_id: str, files: dict[str, bytes | str]) -> None:
        """Upload {relative path: content} as run files, one log_artifacts call per run."""
        d = self.tmp / f"files-{run_id}"
        for rel, content in files.items():
            p = d / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, str):
                p.write_text(content)
            else:
                p.write_bytes(content)
        self.c.log_artifacts(run_id, str(d))

    def logged_model(self, exp_id: str, name: str, run_id: str, params: dict, tags: dict,
                     seed: int, weights_size: int, step: int, model_type: str | None = None,
                     metrics: list[tuple[str, float]] | None = None,
                     dataset=None) -> str:
        m = self.c.create_logged_model(
            experiment_id=exp_id,
            name=name,
            source_run_id=run_id,
            tags={**base_tags(), **tags},
            params={k: str(v) for k, v in params.items()},
            model_type=model_type,
        )
        mid = m.model_id
        d = write_model_dir(self.tmp / "models", mid, name, run_id, seed, weights_size,
                            {k: str(v) for k, v in params.items()})
        self.c.log_model_artifacts(mid, str(d))
        if metrics:
            ts = now_ms()
            self.c.log_batch(
                run_id,
                metrics=[
                    Metric(k, v, ts, step, model_id=mid,
                           dataset_name=dataset.name if dataset else None,
                           dataset_digest=dataset.digest if dataset else None)
                    for k, v in metrics
                ],
            )
        self.c.finalize_logged_model(mid, "READY")
        self.c.log_outputs(run_id, [LoggedModelOutput(model_id=mid, step=step)])
        return mid

    # ---------------------------------------------------------------- the demo project

    def seed_demo(self) -> None:
        c = self.c
        t0 = time.time()
        exp_id = c.create_experiment(
            DEMO_EXPERIMENT,
            tags={"mlflow.note.content": DEMO_NOTE, "demo.project": "artifact-explorer"},
        )
        self.log(f"experiment {DEMO_EXPERIMENT}: id {exp_id}")

        # ---- data preparation ------------------------------------------------------
        rng = random.Random(1234)
        train_v1 = iris_frame(rng, 120)
        # v2: de-duplicated/re-measured with one more decimal and 30 more rows.
        train_v2 = iris_frame(random.Random(99), 150, digits=2)
        test_df = iris_frame(random.Random(7), 30, digits=2)

        prep_id = self.new_run(
            exp_id, "prepare-data", base_tags("data-prep"),
            params={"raw_source": "s3://demo-bucket/raw/images/", "split_seed": 1234,
                    "train_rows_v1": len(train_v1), "train_rows_v2": len(train_v2),
                    "test_rows": len(test_df)},
            metrics=[Metric("rows_written", float(len(train_v1) + len(train_v2) + len(test_df)),
                            now_ms(), 0)],
        )
        self.upload_files(prep_id, {
            "data/train_v1.csv": train_v1.to_csv(index=False),
            "data/train_v2.csv": train_v2.to_csv(index=False),
            "data/test.csv": test_df.to_csv(index=False),
            "data/README.md": "# iris splits\n\n* train_v1.csv: first cut (120 rows)\n"
                              "* train_v2.csv: re-measured, 150 rows\n* test.csv: 30 rows\n",
        })

        def src(path: str) -> str:
            return f"{self.uri}/get-artifact?path={path}&run_uuid={prep_id}"

        ds_train_v1 = mlflow.data.from_pandas(train_v1, source=src("data/train_v1.csv"),
                                              name="iris-train", targets="species")
        ds_train_v2 = mlflow.data.from_pandas(train_v2, source=src("data/train_v2.csv"),
                                              name="iris-train", targets="species")
        ds_test = mlflow.data.from_pandas(test_df, source=src("data/test.csv"),
                                          name="iris-test", targets="species")
        ds_raw = MetaDataset(source=resolve_dataset_source("s3://demo-bucket/raw/images/"),
                             name="raw-images")
        assert ds_train_v1.digest != ds_train_v2.digest
        c.log_inputs(prep_id, datasets=[dataset_input(ds_raw, "source")])
        c.set_terminated(prep_id)
        self.log(f"prepare-data {prep_id}: iris-train {ds_train_v1.digest} / {ds_train_v2.digest}, "
                 f"iris-test {ds_test.digest}, raw-images {ds_raw.digest}")

        # ---- architectures (checkpoint collections) ----------------------------------
        arch_best = {}
        for arch, n_ckpt, layers, ds, model_type in (
            ("cnn", 4, 6, ds_train_v1, "classifier"),
            ("resnet", 3, 18, ds_train_v2, None),
        ):
            epochs = n_ckpt * 5
            rid = self.new_run(
                exp_id, f"train-{arch}", base_tags("train", architecture=arch),
                params={"architecture": arch, "layers": layers, "epochs": epochs,
                        "lr": 0.003, "optimizer": "adam"},
            )
            c.log_inputs(rid, datasets=[dataset_input(ds, "training")])
            ids = []
            for k in range(n_ckpt):
                epoch = (k + 1) * 5
                acc = round((0.80 if arch == "cnn" else 0.84) + 0.03 * k, 4)
                loss = round(0.9 - 0.18 * k, 4)
                c.log_batch(rid, metrics=[Metric("val_acc", acc, now_ms(), epoch),
                                          Metric("train_loss", loss, now_ms(), epoch)])
                mid = self.logged_model(
                    exp_id, arch, rid,
                    params={"architecture": arch, "layers": layers, "epoch": epoch},
                    tags={"checkpoint": f"epoch-{epoch}", "framework": "numpy"},
                    seed=1000 * layers + k, weights_size=layers * 2048 + 512 * k, step=epoch,
                    model_type=model_type,
                    metrics=[("val_acc", acc), ("train_loss", loss)],
                )
                ids.append(mid)
                time.sleep(0.02)  # distinct creation times even on a fast backend
            arch_best[arch] = (rid, ids[-1])
            c.set_terminated(rid)
            self.log(f"train-{arch} {rid}: {n_ckpt} checkpoints  ({time.time() - t0:.1f} s)")

        # ---- sweep -------------------------------------------------------------------
        sweep_id = self.new_run(
            exp_id, "sweep-lr", base_tags("sweep", sweep_metric="val_acc", sweep_goal="maximize"),
            params={"method": "grid", "metric": "val_acc", "goal": "maximize",
                    "lr_values": "1e-4..0.3", "children": SWEEP_CHILDREN},
        )
        lrs = [0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.003, 0.005, 0.01, 0.02, 0.05, 0.1, 0.3]
        assert len(lrs) >= SWEEP_CHILDREN
        best_lr = 0.003
        code = (
            '"""Sweep child training script (demo)."""\n'
            "import argparse\n\nimport numpy as np\n\n\n"
            "def train(lr: float, batch_size: int, optimizer: str, epochs: int = 5):\n"
            "    rng = np.random.default_rng(0)\n"
            "    w = rng.normal(size=(4, 3))\n"
            "    for epoch in range(epochs):\n"
            "        grad = rng.normal(size=w.shape)\n"
            "        w -= lr * grad\n"
            "    return w\n\n\n"
            "if __name__ == '__main__':\n"
            "    p = argparse.ArgumentParser()\n"
            "    p.add_argument('--lr', type=float, default=1e-3)\n"
            "    p.add_argument('--batch-size', type=int, default=32)\n"
            "    p.add_argument('--optimizer', default='adam')\n"
            "    a = p.parse_args()\n"
            "    train(a.lr, a.batch_size, a.optimizer)\n"
        )
        finals = []
        for i in range(SWEEP_CHILDREN):
            lr = lrs[i]
            batch_size = (16, 32, 64)[i % 3]
            optimizer = ("adam", "sgd")[i % 2]
            # unimodal in log(lr), strictly decreasing away from best_lr -> unique best
            dist = abs(math.log10(lr) - math.log10(best_lr))
            final = round(0.97 - 0.06 * dist - 0.0013 * i, 4)
            finals.append(final)
            name = f"sweep-lr-{i}"
            rid = self.new_run(
                exp_id, name,
                base_tags("train", **{"mlflow.parentRunId": sweep_id, "sweep": "sweep-lr"}),
            )
            c.log_inputs(rid, datasets=[dataset_input(ds_train_v2, "training")])
            ts = now_ms()
            steps = 5
            metrics = []
            for s in range(steps):
                frac = (s + 1) / steps
                metrics.append(Metric("val_acc", round(final - 0.25 * (1 - frac) ** 1.5, 4), ts + s, s))
                metrics.append(Metric("train_loss", round(1.1 * (1 - frac) + (1 - final) * 2 + 0.05, 4), ts + s, s))
            c.log_batch(rid, metrics=metrics,
                        params=[Param("lr", str(lr)), Param("batch_size", str(batch_size)),
                                Param("optimizer", optimizer), Param("epochs", str(steps))])
            self.upload_files(rid, {"code/train.py": code})
            self.logged_model(
                exp_id, "sweep-model", rid,
                params={"lr": lr, "batch_size": batch_size, "optimizer": optimizer},
                tags={"sweep": "sweep-lr", "framework": "numpy"},
                seed=100 + i, weights_size=4096 + 256 * i, step=steps - 1,
                metrics=[("val_acc", final)],
            )
            c.set_terminated(rid)
        best_i = max(range(SWEEP_CHILDREN), key=lambda k: finals[k])
        assert sorted(finals)[-1] > sorted(finals)[-2], "sweep best must be unique"
        c.log_batch(sweep_id, metrics=[Metric("best_val_acc", finals[best_i], now_ms(), 0)],
                    tags=[RunTag("best_child", f"sweep-lr-{best_i}")])
        c.set_terminated(sweep_id)
        self.log(f"sweep-lr {sweep_id}: {SWEEP_CHILDREN} children, best sweep-lr-{best_i} "
                 f"val_acc={finals[best_i]}  ({time.time() - t0:.1f} s)")

        # ---- registry ----------------------------------------------------------------
        champion = self.c.search_logged_models(
            experiment_ids=[exp_id],
            filter_string=f"name = 'sweep-model' AND source_run_id = '{self._run_id(exp_id, f'sweep-lr-{best_i}')}'",
        )[0]
        try:
            c.get_registered_model(REGISTERED_MODEL)
            c.delete_registered_model(REGISTERED_MODEL)  # leftover of an unfinished seed
            self.log(f"deleted leftover registered model {REGISTERED_MODEL}")
        except MlflowException:
            pass
        c.create_registered_model(
            REGISTERED_MODEL,
            tags={"task": "classification", "dataset": "iris", "team": "demo"},
            description="Iris species classifier. Versions link to logged models of the "
                        "`artifacts-demo` project; `champion` is the best `sweep-lr` child.",
        )
        versions = []
        for (rid, mid), desc, extra in (
            (arch_best["cnn"], "cnn, last checkpoint", {"architecture": "cnn"}),
            (arch_best["resnet"], "resnet, last checkpoint", {"architecture": "resnet"}),
            ((champion.source_run_id, champion.model_id), "best of sweep-lr",
             {"architecture": "mlp", "val_acc": str(finals[best_i])}),
        ):
            mv = c.create_model_version(
                REGISTERED_MODEL, source=f"models:/{mid}", run_id=rid, model_id=mid,
                tags=extra, description=desc,
            )
            versions.append(mv.version)
        c.set_registered_model_alias(REGISTERED_MODEL, "staging", versions[1])
        c.set_registered_model_alias(REGISTERED_MODEL, "champion", versions[2])
        self.log(f"registered {REGISTERED_MODEL} v{', v'.join(map(str, versions))}; "
                 f"champion=v{versions[2]} staging=v{versions[1]}  ({time.time() - t0:.1f} s)")

        # ---- evaluation ----------------------------------------------------------------
        eval_id = self.new_run(
            exp_id, "evaluate-champion",
            base_tags("eval", model_alias="champion", registered_model=REGISTERED_MODEL),
            params={"model_uri": f"models:/{REGISTERED_MODEL}@champion",
                    "model_id": champion.model_id, "threshold": 0.5},
        )
        c.log_inputs(eval_id, datasets=[dataset_input(ds_test, "evaluation")],
                     models=[LoggedModelInput(model_id=champion.model_id)])
        test_acc = 0.9333
        c.log_batch(eval_id, metrics=[
            Metric("test_acc", test_acc, now_ms(), 0, model_id=champion.model_id,
                   dataset_name=ds_test.name, dataset_digest=ds_test.digest),
            Metric("test_f1", 0.9327, now_ms(), 0),
        ])
        confusion = [[10, 0, 0], [0, 9, 1], [0, 1, 9]]
        per_class = "class,precision,recall,f1,support\nsetosa,1.0,1.0,1.0,10\n" \
                    "versicolor,0.9,0.9,0.9,10\nvirginica,0.9,0.9,0.9,10\n"
        report = {
            "report/summary.txt": (
                f"Evaluation of {REGISTERED_MODEL}@champion ({champion.model_id})\n"
                f"dataset: iris-test ({ds_test.digest}), {len(test_df)} rows\n"
                f"test_acc: {test_acc}\n"),
            "report/metrics.json": json.dumps(
                {"test_acc": test_acc, "test_f1": 0.9327, "confusion_matrix": confusion,
                 "labels": ["setosa", "versicolor", "virginica"],
                 "model_id": champion.model_id}, indent=2) + "\n",
            "report/tables/per_class.csv": per_class,
            "report/plots/confusion/matrix.png": heatmap_png(confusion),
            "report/plots/roc curve.png": curve_png(
                [(x / 63, min(1.0, math.sqrt(x / 63) * 1.05)) for x in range(64)]),
            "report/eval notes.md": "# Notes\n\nOne versicolor/virginica swap each way; "
                                    "setosa is perfectly separated.\n",
            "report/raw/predictions.bin": det_bytes(4242, BIG_FILE_SIZE),
        }
        self.upload_files(eval_id, report)
        c.set_terminated(eval_id)
        self.log(f"evaluate-champion {eval_id}: {len(report)} report files  ({time.time() - t0:.1f} s)")

        # ---- second project --------------------------------------------------------------
        _, scratch_done = self.prepare_experiment(SCRATCH_EXPERIMENT)
        if not scratch_done:
            scratch_id = c.create_experiment(
                SCRATCH_EXPERIMENT,
                tags={"mlflow.note.content": "Scratch space: two plain runs, no artifacts."})
            for i, (lr, loss) in enumerate(((0.01, 0.42), (0.05, 0.37))):
                rid = self.new_run(scratch_id, f"scratch-{i + 1}", base_tags("debug"),
                                   params={"lr": lr}, metrics=[Metric("loss", loss, now_ms(), 0)])
                c.set_terminated(rid)
            c.set_experiment_tag(scratch_id, SEEDED_TAG, "true")

        # last: mark the demo project complete
        c.set_experiment_tag(exp_id, SEEDED_TAG, "true")
        self.log(f"seeded in {time.time() - t0:.1f} s")

    def _run_id(self, exp_id: str, name: str) -> str:
        runs = self.c.search_runs([exp_id], filter_string=f"attributes.run_name = '{name}'",
                                  max_results=2)
        assert len(runs) == 1, (name, len(runs))
        return runs[0].info.run_id

    # ---------------------------------------------------------------- bulk mode

    def seed_bulk(self, name: str, n: int, jobs: int) -> dict:
        c = self.c
        t0 = time.time()
        exp_id = c.create_experiment(
            name, tags={"mlflow.note.content": f"Benchmark experiment: {n} runs, seeded by "
                                               f"`scripts/seed_demo.py --bulk {n}`."})
        # three dataset versions, logged on every 4th run
        frames = [iris_frame(random.Random(500 + k), 60 + 10 * k, digits=2) for k in range(3)]
        datasets = [mlflow.data.from_pandas(f, source=f"s3://demo-bucket/bulk/v{k}.csv",
                                            name="bulk-train", targets="species")
                    for k, f in enumerate(frames)]

        def one_run(i: int) -> str:
            rnd = random.Random(i)
            rid = c.create_run(exp_id, run_name=f"bulk-{i:05d}",
                               tags=base_tags("train", group=f"g{i % 10}")).info.run_id
            ts = now_ms()
            val = round(0.5 + 0.45 * rnd.random(), 5)
            metrics = [Metric("val_acc", round(val * (s + 1) / 3, 5), ts + s, s) for s in range(3)]
            metrics.append(Metric("train_loss", round(1 - val + rnd.random() * 0.1, 5), ts, 0))
            params = [Param("lr", str(round(10 ** rnd.uniform(-4, -1), 6))),
                      Param("batch_size", str(rnd.choice([16, 32, 64, 128]))),
                      Param("optimizer", rnd.choice(["adam", "sgd", "adamw"]))]
            c.log_batch(rid, metrics=metrics, params=params)
            if i % 4 == 0:
                c.log_inputs(rid, datasets=[dataset_input(datasets[(i // 4) % 3], "training")])
            c.set_terminated(rid)
            return rid

        with cf.ThreadPoolExecutor(max_workers=jobs) as pool:
            run_ids = list(pool.map(one_run, range(n)))
        t_runs = time.time() - t0
        self.log(f"{n} runs in {t_runs:.1f} s ({1000 * t_runs / max(n, 1):.0f} ms/run)")

        n_models = int(n * 0.3)

        def one_model(j: int) -> str:
            rid = run_ids[(j * 3) % n]
            m = c.create_logged_model(
                experiment_id=exp_id, name=f"bulk-model-{j % 5}", source_run_id=rid,
                params={"index": str(j)}, tags={"bulk": "true"},
                model_type="classifier" if j % 5 == 0 else None)
            c.finalize_logged_model(m.model_id, "READY")
            return m.model_id

        with cf.ThreadPoolExecutor(max_workers=jobs) as pool:
            model_ids = list(pool.map(one_model, range(n_models)))
        t_models = time.time() - t0 - t_runs
        c.set_experiment_tag(exp_id, SEEDED_TAG, "true")
        total = time.time() - t0
        self.log(f"{n_models} logged models in {t_models:.1f} s; total {total:.1f} s")
        return {"experiment_id": exp_id, "runs": len(run_ids), "logged_models": len(model_ids),
                "collections": [f"bulk-model-{k}" for k in range(5)],
                "seconds": {"runs": round(t_runs, 2), "models": round(t_models, 2),
                            "total": round(total, 2)}}


# --------------------------------------------------------------------------- summary


def list_files(client: MlflowClient, run_id: str, path: str | None = None) -> list[dict]:
    out = []
    for f in client.list_artifacts(run_id, path):
        if f.is_dir:
            out += list_files(client, run_id, f.path)
        else:
            out.append({"path": f.path, "size": f.file_size})
    return out


def _model_id_from_source(source: str | None) -> str | None:
    if source and source.startswith("models:/m-"):
        return source[len("models:/"):].split("/", 1)[0]
    return None


def build_summary(client: MlflowClient, tracking_uri: str) -> dict:
    """Read the seeded project back from the server (the same for fresh and re-runs)."""
    exp = client.get_experiment_by_name(DEMO_EXPERIMENT)
    exp_id = exp.experiment_id
    runs = client.search_runs([exp_id], max_results=1000, order_by=["attributes.start_time ASC"])
    by_name = {r.info.run_name: r for r in runs}
    run_ids = {r.info.run_name: r.info.run_id for r in runs}

    models = []
    token = None
    while True:
        page = client.search_logged_models(
            experiment_ids=[exp_id], max_results=100, page_token=token,
            order_by=[{"field_name": "creation_timestamp", "ascending": True}])
        models += list(page)
        token = page.token
        if not token:
            break
    collections: dict[str, list[str]] = {}
    for m in sorted(models, key=lambda m: (m.creation_timestamp, m.model_id)):
        collections.setdefault(m.name, []).append(m.model_id)
    model_types = {m.name: m.model_type for m in models if m.model_type}

    # datasets: versions ordered by first use (run start time)
    datasets: list[dict] = []
    seen = set()
    for r in runs:
        for di in r.inputs.dataset_inputs:
            d = di.dataset
            if (d.name, d.digest) in seen:
                continue
            seen.add((d.name, d.digest))
            version = sum(1 for x in datasets if x["name"] == d.name)
            datasets.append({
                "name": d.name, "digest": d.digest, "version": version,
                "source_type": d.source_type, "source": json.loads(d.source),
                "used_by": [], "contexts": []})
    for r in runs:
        for di in r.inputs.dataset_inputs:
            entry = next(x for x in datasets
                         if (x["name"], x["digest"]) == (di.dataset.name, di.dataset.digest))
            entry["used_by"].append(r.info.run_name)
            ctx = next((t.value for t in di.tags if t.key == "mlflow.data.context"), None)
            if ctx and ctx not in entry["contexts"]:
                entry["contexts"].append(ctx)

    parent = by_name["sweep-lr"]
    children = [r for r in runs if r.data.tags.get("mlflow.parentRunId") == parent.info.run_id]
    children.sort(key=lambda r: int(r.info.run_name.rsplit("-", 1)[1]))
    best = max(children, key=lambda r: r.data.metrics["val_acc"])
    best_model = next(m for m in models
                      if m.name == "sweep-model" and m.source_run_id == best.info.run_id)

    rm = client.get_registered_model(REGISTERED_MODEL)
    mvs = client.search_model_versions(f"name = '{REGISTERED_MODEL}'")
    versions = {
        # The OSS server returns no `model_id` on model versions (REST or client): the link to
        # the logged model is the `source` URI `models:/m-…`.
        str(v.version): {"model_id": v.model_id or _model_id_from_source(v.source),
                         "run_id": v.run_id, "source": v.source,
                         "description": v.description, "tags": dict(v.tags)}
        for v in sorted(mvs, key=lambda v: int(v.version))
    }

    eval_run = client.get_run(run_ids["evaluate-champion"])

    files = []
    for r in runs:
        for f in list_files(client, r.info.run_id):
            files.append({"run_name": r.info.run_name, "run_id": r.info.run_id, **f})

    scratch = client.get_experiment_by_name(SCRATCH_EXPERIMENT)
    scratch_runs = client.search_runs([scratch.experiment_id], max_results=100) if scratch else []

    return {
        "schema_version": SUMMARY_SCHEMA_VERSION,
        "tracking_uri": tracking_uri,
        "mlflow_client_version": mlflow.__version__,
        "experiment": {"name": DEMO_EXPERIMENT, "id": exp_id,
                       "seeded": exp.tags.get(SEEDED_TAG) == "true"},
        "scratch_experiment": {
            "name": SCRATCH_EXPERIMENT, "id": scratch.experiment_id if scratch else None,
            "run_ids": {r.info.run_name: r.info.run_id for r in scratch_runs}},
        "runs": run_ids,
        "run_job_types": {r.info.run_name: r.data.tags.get("job_type") for r in runs},
        "sweep": {
            "parent_run_name": "sweep-lr",
            "parent_run_id": parent.info.run_id,
            "child_run_ids": [r.info.run_id for r in children],
            "child_run_names": [r.info.run_name for r in children],
            "metric": "val_acc",
            "goal": "maximize",
            "best_child_run_name": best.info.run_name,
            "best_child_run_id": best.info.run_id,
            "best_val_acc": best.data.metrics["val_acc"],
            "best_model_id": best_model.model_id,
        },
        "logged_models": collections,
        "logged_model_types": model_types,
        "registered_model": {
            "name": REGISTERED_MODEL,
            "description": rm.description,
            "tags": dict(rm.tags),
            "versions": versions,
            "aliases": {a: str(v) for a, v in sorted(rm.aliases.items())},
        },
        "eval": {
            "run_id": eval_run.info.run_id,
            "model_inputs": [mi.model_id for mi in eval_run.inputs.model_inputs],
            "dataset_inputs": [{"name": d.dataset.name, "digest": d.dataset.digest}
                               for d in eval_run.inputs.dataset_inputs],
        },
        "datasets": datasets,
        "run_artifacts": files,
    }


def print_summary(s: dict) -> None:
    print(f"experiment {s['experiment']['name']} (id {s['experiment']['id']}): "
          f"{len(s['runs'])} runs, {sum(len(v) for v in s['logged_models'].values())} logged models")
    for name, ids in s["logged_models"].items():
        print(f"  collection {name}: {len(ids)} versions")
    for d in s["datasets"]:
        print(f"  dataset {d['name']} v{d['version']} {d['digest']} ({d['source_type']})")
    rm = s["registered_model"]
    print(f"  registered {rm['name']}: versions {', '.join(rm['versions'])}; aliases "
          + ", ".join(f"{a}=v{v}" for a, v in rm["aliases"].items()))
    sw = s["sweep"]
    print(f"  sweep best {sw['best_child_run_name']} ({sw['best_child_run_id']}) "
          f"val_acc={sw['best_val_acc']} model {sw['best_model_id']}")
    print(f"  {len(s['run_artifacts'])} run files, "
          f"{sum(f['size'] for f in s['run_artifacts'])} bytes")


# --------------------------------------------------------------------------- autologged sweep


GRIDSEARCH_EXPERIMENT = "iris-gridsearch"
GRIDSEARCH_PARENT = "logreg-grid"
GRIDSEARCH_C = [0.001, 0.01, 0.1, 1, 10, 100]


def seed_gridsearch(seeder: Seeder) -> bool:
    """The most common real sweep, written exactly as a user would: ``mlflow.sklearn.autolog()``
    around a scikit-learn ``GridSearchCV`` over six values of ``C``.  Nothing is hand-made:
    autolog names the child runs, logs every estimator param on each child (only ``C`` differs),
    ``mean_test_score``/``rank_test_score``/``mean_fit_time``… on the children, and the logged
    models ``best_estimator`` and ``model`` on the parent only.  Autolog keeps the best
    ``max_tuning_runs`` (default 5) parameter sets as children.

    Idempotent like the rest of the seed: its own experiment, tagged ``demo.seeded=true`` last.
    Returns whether it was already there.
    """
    exp_id, done = seeder.prepare_experiment(GRIDSEARCH_EXPERIMENT)
    if done:
        return True
    # scikit-learn ships with MLflow's venv; load_iris reads the copy bundled with it.
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV

    t0 = time.time()
    exp_id = seeder.c.create_experiment(GRIDSEARCH_EXPERIMENT, tags={
        "mlflow.note.content": "`mlflow.sklearn.autolog()` around a `GridSearchCV` over six "
                               "values of `C` (LogisticRegression on iris), seeded by "
                               "`scripts/seed_demo.py`."})
    mlflow.set_experiment(experiment_id=exp_id)
    mlflow.sklearn.autolog()
    try:
        X, y = load_iris(return_X_y=True)
        with mlflow.start_run(run_name=GRIDSEARCH_PARENT):
            search = GridSearchCV(LogisticRegression(max_iter=1000), {"C": GRIDSEARCH_C}, cv=5)
            search.fit(X, y)
    finally:
        mlflow.sklearn.autolog(disable=True)
    seeder.c.set_experiment_tag(exp_id, SEEDED_TAG, "true")
    seeder.log(f"{GRIDSEARCH_EXPERIMENT} {exp_id}: GridSearchCV over C={GRIDSEARCH_C}, "
               f"best C={search.best_params_['C']}  ({time.time() - t0:.1f} s)")
    return False


def gridsearch_summary(client: MlflowClient) -> dict | None:
    """What the end-to-end tests need, read back from the server (MLflow's own answers decide
    the best child there, not this summary)."""
    exp = client.get_experiment_by_name(GRIDSEARCH_EXPERIMENT)
    if exp is None:
        return None
    runs = client.search_runs([exp.experiment_id], max_results=1000)
    parent = next(r for r in runs if r.info.run_name == GRIDSEARCH_PARENT)
    children = [r for r in runs if r.data.tags.get("mlflow.parentRunId") == parent.info.run_id]
    models = client.search_logged_models(experiment_ids=[exp.experiment_id], max_results=100)
    return {
        "experiment_name": GRIDSEARCH_EXPERIMENT,
        "experiment_id": exp.experiment_id,
        "parent_run_name": GRIDSEARCH_PARENT,
        "parent_run_id": parent.info.run_id,
        "child_run_ids": sorted(r.info.run_id for r in children),
        "grid": {"C": [str(c) for c in GRIDSEARCH_C]},
        "parent_models": {m.name: m.model_id for m in models
                          if m.source_run_id == parent.info.run_id},
    }


# --------------------------------------------------------------------------- main


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tracking-uri", default=os.environ.get("MLFLOW_TRACKING_URI"),
                    help="MLflow server URL (default: $MLFLOW_TRACKING_URI)")
    ap.add_argument("--summary-out", help="write a JSON summary of what exists to this file")
    ap.add_argument("--bulk", type=int, metavar="N",
                    help="instead of the demo: seed an experiment of N runs for benchmarks")
    ap.add_argument("--bulk-experiment", default="bulk-benchmark", metavar="NAME")
    ap.add_argument("--jobs", type=int, default=4, help="parallel requests in --bulk mode")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)

    if not args.tracking_uri:
        ap.error("--tracking-uri or MLFLOW_TRACKING_URI is required")
    if not args.tracking_uri.startswith(("http://", "https://")):
        ap.error("the tracking URI must be an http(s) MLflow server URL")
    mlflow.set_tracking_uri(args.tracking_uri)
    client = MlflowClient(tracking_uri=args.tracking_uri)
    seeder = Seeder(client, args.tracking_uri, verbose=not args.quiet)
    t0 = time.time()

    if args.bulk is not None:
        exp_id, done = seeder.prepare_experiment(args.bulk_experiment)
        if done:
            exp = client.get_experiment(exp_id)
            print(f"experiment {args.bulk_experiment!r} (id {exp_id}) is already seeded; nothing to do")
            summary = {"experiment": {"name": exp.name, "id": exp_id}, "already_seeded": True}
        else:
            summary = seeder.seed_bulk(args.bulk_experiment, args.bulk, args.jobs)
            summary = {"experiment": {"name": args.bulk_experiment,
                                      "id": summary.pop("experiment_id")},
                       "already_seeded": False, **summary}
        summary["elapsed_seconds"] = round(time.time() - t0, 2)
        print(f"elapsed {summary['elapsed_seconds']} s")
        if args.summary_out:
            Path(args.summary_out).write_text(json.dumps(summary, indent=2) + "\n")
        return 0

    exp_id, done = seeder.prepare_experiment(DEMO_EXPERIMENT)
    if done:
        print(f"experiment {DEMO_EXPERIMENT!r} (id {exp_id}) is already seeded "
              f"({SEEDED_TAG}=true); nothing to do")
    else:
        seeder.seed_demo()
    seed_gridsearch(seeder)
    t_seed = time.time() - t0
    summary = build_summary(client, args.tracking_uri)
    summary["already_seeded"] = done
    summary["gridsearch"] = gridsearch_summary(client)
    summary["elapsed_seconds"] = {"seed": round(t_seed, 2),
                                  "total": round(time.time() - t0, 2)}
    if not args.quiet:
        print_summary(summary)
    print(f"elapsed {summary['elapsed_seconds']['total']} s "
          f"({'already seeded' if done else 'seeded'})")
    if args.summary_out:
        Path(args.summary_out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.summary_out).write_text(json.dumps(summary, indent=2) + "\n")
        print(f"summary written to {args.summary_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
