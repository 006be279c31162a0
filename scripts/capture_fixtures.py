#!/usr/bin/env python3
"""Capture raw MLflow REST responses from a server seeded by scripts/seed_demo.py.

Usage:
    python3 scripts/capture_fixtures.py --tracking-uri http://127.0.0.1:5077 \
        [--out tests/fixtures/mlflow] [--part all|demo|gridsearch]

``--part gridsearch`` captures only the autologged GridSearchCV experiment (``iris-gridsearch``)
and merges its entries into the existing ``index.json``, leaving the demo fixtures as they are.

Plain HTTP (urllib, standard library only; no mlflow client).  Every response is saved as
``<name>.json`` exactly as received when the server already pretty-printed it (MLflow's REST
handlers do); a compact body (``/graphql``) is re-indented with ``json`` only, no value is
changed.  ``index.json`` maps each file to the method, URL path (with query string), request
body and HTTP status used.  The ids needed for the requests are discovered over HTTP too
(uncaptured look-ups), so the script needs nothing but the seeded server.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

DEMO_EXPERIMENT = "artifacts-demo"
GRIDSEARCH_EXPERIMENT = "iris-gridsearch"
GRIDSEARCH_PARENT = "logreg-grid"
REGISTERED_MODEL = "iris-classifier"
MISSING_RUN_ID = "0" * 32


class Capturer:
    def __init__(self, base: str, out: Path):
        self.base = base.rstrip("/")
        self.out = out
        self.index: dict[str, dict] = {}

    def request(self, method: str, path: str, query: dict | None = None,
                body: dict | None = None) -> tuple[int, str, bytes]:
        url = path
        if query:
            url += "?" + urllib.parse.urlencode(query)
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + url, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        req.add_header("Accept", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return resp.status, resp.headers.get("Content-Type", ""), resp.read()
        except urllib.error.HTTPError as e:  # keep error bodies: they are fixtures too
            return e.code, e.headers.get("Content-Type", ""), e.read()

    def lookup(self, method: str, path: str, query: dict | None = None,
               body: dict | None = None) -> dict:
        """An uncaptured helper request (id discovery)."""
        status, _, raw = self.request(method, path, query, body)
        if status != 200:
            raise SystemExit(f"{method} {path} -> HTTP {status}: {raw[:300]!r}")
        return json.loads(raw)

    def capture(self, name: str, method: str, path: str, query: dict | None = None,
                body: dict | None = None, expect: int = 200, note: str | None = None) -> dict:
        status, ctype, raw = self.request(method, path, query, body)
        if status != expect:
            raise SystemExit(f"{name}: {method} {path} -> HTTP {status} (expected {expect}): "
                             f"{raw[:300]!r}")
        text = raw.decode("utf-8")
        parsed = json.loads(text)
        reformatted = "\n" not in text.strip()
        if reformatted:
            text = json.dumps(parsed, indent=2, ensure_ascii=False)
        if not text.endswith("\n"):
            text += "\n"
        (self.out / f"{name}.json").write_text(text, encoding="utf-8")
        url = path + ("?" + urllib.parse.urlencode(query) if query else "")
        entry = {"method": method, "path": path, "url": url, "query": query or None,
                 "body": body, "status": status, "content_type": ctype,
                 "reformatted": reformatted}
        if note:
            entry["note"] = note
        self.index[f"{name}.json"] = entry
        print(f"  {status} {method:4} {url[:100]:100} -> {name}.json ({len(text)} B)")
        return parsed


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tracking-uri", default=os.environ.get("MLFLOW_TRACKING_URI"),
                    help="MLflow server URL (default: $MLFLOW_TRACKING_URI)")
    ap.add_argument("--out", default="tests/fixtures/mlflow", help="output directory")
    ap.add_argument("--part", choices=("all", "demo", "gridsearch"), default="all",
                    help="capture only one experiment's fixtures, merged into index.json")
    args = ap.parse_args(argv)
    if not args.tracking_uri or not args.tracking_uri.startswith(("http://", "https://")):
        ap.error("--tracking-uri (or MLFLOW_TRACKING_URI) must be an http(s) URL")

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    cap = Capturer(args.tracking_uri, out)
    if args.part != "all":
        index = out / "index.json"
        if index.exists():
            cap.index = json.loads(index.read_text())
    if args.part in ("all", "demo"):
        capture_demo(cap, out)
    if args.part in ("all", "gridsearch"):
        capture_gridsearch(cap)

    (out / "index.json").write_text(json.dumps(cap.index, indent=2) + "\n")
    print(f"{len(cap.index)} fixtures + index.json in {out}/")
    return 0


API = "/api/2.0/mlflow"


def capture_gridsearch(cap: Capturer) -> None:
    """The autologged GridSearchCV sweep: its parent, its children as the sweep page asks for
    them, MLflow's own best child by ``mean_test_score``, and the experiment's logged models."""
    exp = cap.lookup("GET", f"{API}/experiments/get-by-name",
                     {"experiment_name": GRIDSEARCH_EXPERIMENT})["experiment"]
    if not any(t["key"] == "demo.seeded" and t["value"] == "true" for t in exp.get("tags", [])):
        raise SystemExit(f"experiment {GRIDSEARCH_EXPERIMENT!r} is not seeded: run scripts/seed_demo.py")
    exp_id = exp["experiment_id"]
    runs = cap.lookup("POST", f"{API}/runs/search", body={
        "experiment_ids": [exp_id], "max_results": 1000,
        "filter": f"attributes.run_name = '{GRIDSEARCH_PARENT}'"})["runs"]
    parent_id = runs[0]["info"]["run_id"]
    children = {"experiment_ids": [exp_id], "filter": f"tags.mlflow.parentRunId = '{parent_id}'",
                "run_view_type": "ACTIVE_ONLY"}
    print(f"experiment {GRIDSEARCH_EXPERIMENT} = {exp_id}; parent {parent_id}")
    cap.capture("runs_get_gridsearch_parent", "GET", f"{API}/runs/get", {"run_id": parent_id})
    cap.capture("runs_search_gridsearch_children", "POST", f"{API}/runs/search",
                body={**children, "max_results": 1000, "order_by": ["attributes.start_time DESC"]},
                note="the sweep page's request for the children")
    cap.capture("runs_search_gridsearch_best", "POST", f"{API}/runs/search",
                body={**children, "max_results": 1, "order_by": ["metrics.mean_test_score DESC"]},
                note="MLflow's own answer: the child with the highest mean_test_score")
    cap.capture("logged_models_search_gridsearch", "POST", f"{API}/logged-models/search",
                body={"experiment_ids": [exp_id], "max_results": 100,
                      "order_by": [{"field_name": "creation_time", "ascending": False}]},
                note="the sweep page's request for the project's logged models")
    cap.capture("logged_models_search_gridsearch_parent", "POST", f"{API}/logged-models/search",
                body={"experiment_ids": [exp_id], "max_results": 100,
                      "filter": f"source_run_id = '{parent_id}'"},
                note="the parent's logged models only (source_run_id filter)")


def capture_demo(cap: Capturer, out: Path) -> None:
    api = API
    ajax = "/ajax-api/2.0/mlflow"

    # ---- discovery (not captured) ------------------------------------------------------
    exp = cap.lookup("GET", f"{api}/experiments/get-by-name",
                     {"experiment_name": DEMO_EXPERIMENT})["experiment"]
    if not any(t["key"] == "demo.seeded" and t["value"] == "true" for t in exp.get("tags", [])):
        raise SystemExit(f"experiment {DEMO_EXPERIMENT!r} is not seeded: run scripts/seed_demo.py")
    exp_id = exp["experiment_id"]
    runs = cap.lookup("POST", f"{api}/runs/search",
                      body={"experiment_ids": [exp_id], "max_results": 1000})["runs"]
    by_name = {r["info"]["run_name"]: r["info"]["run_id"] for r in runs}
    parent_id = by_name["sweep-lr"]
    best_child = cap.lookup("POST", f"{api}/runs/search", body={
        "experiment_ids": [exp_id], "max_results": 1,
        "filter": f"tags.mlflow.parentRunId = '{parent_id}'",
        "order_by": ["metrics.val_acc DESC"]})["runs"][0]["info"]["run_id"]
    best_model = cap.lookup("POST", f"{api}/logged-models/search", body={
        "experiment_ids": [exp_id], "max_results": 1,
        "filter": f"name = 'sweep-model' AND source_run_id = '{best_child}'"})["models"][0]
    best_model_id = best_model["info"]["model_id"]

    print(f"experiment {DEMO_EXPERIMENT} = {exp_id}; best child {best_child}; "
          f"model {best_model_id}; writing to {out}/")

    # ---- experiments -------------------------------------------------------------------
    cap.capture("experiments_search", "POST", f"{api}/experiments/search",
                body={"max_results": 100})
    cap.capture("experiments_get", "GET", f"{api}/experiments/get", {"experiment_id": exp_id})
    cap.capture("experiments_get_by_name", "GET", f"{api}/experiments/get-by-name",
                {"experiment_name": DEMO_EXPERIMENT})

    # ---- runs --------------------------------------------------------------------------
    search = {"experiment_ids": [exp_id], "max_results": 5}
    page1 = cap.capture("runs_search_page1", "POST", f"{api}/runs/search", body=search)
    token = page1.get("next_page_token")
    if not token:
        raise SystemExit("runs/search page 1 returned no next_page_token")
    cap.capture("runs_search_page2", "POST", f"{api}/runs/search",
                body={**search, "page_token": token})
    cap.capture("runs_search_all", "POST", f"{api}/runs/search",
                body={"experiment_ids": [exp_id], "max_results": 1000})
    for name, run_id in (("prepare_data", by_name["prepare-data"]),
                         ("sweep_child", best_child),
                         ("sweep_parent", parent_id),
                         ("eval", by_name["evaluate-champion"])):
        cap.capture(f"runs_get_{name}", "GET", f"{api}/runs/get", {"run_id": run_id})

    # ---- logged models -----------------------------------------------------------------
    cap.capture("logged_models_search", "POST", f"{api}/logged-models/search",
                body={"experiment_ids": [exp_id], "max_results": 100,
                      "order_by": [{"field_name": "creation_timestamp", "ascending": True}]})
    cap.capture("logged_models_get", "GET", f"{api}/logged-models/{best_model_id}")
    cap.capture("logged_models_artifacts_directories", "GET",
                f"{ajax}/logged-models/{best_model_id}/artifacts/directories")

    # ---- registry ----------------------------------------------------------------------
    cap.capture("registered_models_search", "GET", f"{api}/registered-models/search",
                {"max_results": 100})
    cap.capture("registered_models_get", "GET", f"{api}/registered-models/get",
                {"name": REGISTERED_MODEL})
    cap.capture("model_versions_search", "GET", f"{api}/model-versions/search",
                {"filter": f"name = '{REGISTERED_MODEL}'", "max_results": 100})
    cap.capture("model_versions_get", "GET", f"{api}/model-versions/get",
                {"name": REGISTERED_MODEL, "version": "3"})
    cap.capture("registered_models_alias_get", "GET", f"{api}/registered-models/alias",
                {"name": REGISTERED_MODEL, "alias": "champion"})

    # ---- run files ---------------------------------------------------------------------
    eval_id = by_name["evaluate-champion"]
    cap.capture("artifacts_list_eval_root", "GET", f"{api}/artifacts/list", {"run_id": eval_id})
    cap.capture("artifacts_list_eval_nested", "GET", f"{api}/artifacts/list",
                {"run_id": eval_id, "path": "report/plots"})

    # ---- datasets ----------------------------------------------------------------------
    cap.capture("experiments_search_datasets", "POST", f"{ajax}/experiments/search-datasets",
                body={"experiment_ids": [exp_id]})

    # ---- graphql batch -----------------------------------------------------------------
    fields = (
        "run { info { runId runName experimentId status startTime endTime } "
        "inputs { datasetInputs { dataset { name digest sourceType source } tags { key value } } "
        "modelInputs { modelId } } "
        "outputs { modelOutputs { modelId step } } }"
    )
    query = "query ArtifactExplorerRuns {\n" + "".join(
        f'  {alias}: mlflowGetRun(input: {{runId: "{rid}"}}) {{ {fields} }}\n'
        for alias, rid in (("prep", by_name["prepare-data"]), ("child", best_child),
                           ("evaluation", eval_id))
    ) + "}\n"
    cap.capture("graphql_get_runs", "POST", "/graphql",
                body={"query": query, "operationName": "ArtifactExplorerRuns"})

    # ---- an error ----------------------------------------------------------------------
    cap.capture("error_runs_get_not_found", "GET", f"{api}/runs/get",
                {"run_id": MISSING_RUN_ID}, expect=404)


if __name__ == "__main__":
    sys.exit(main())
