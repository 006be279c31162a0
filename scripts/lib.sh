# Shared helpers for scripts/demo and scripts/test. Source it; it sets no options of its own.
# Every ensure_* installs only what is missing, so a warm machine pays nothing.

AE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=versions.env
. "$AE_ROOT/scripts/versions.env"
AE_CACHE="${AE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/artifact-explorer}"
AE_VENV="$AE_CACHE/mlflow-$MLFLOW_VERSION"
AE_NODE="$AE_CACHE/node"
export PATH="$HOME/.cargo/bin:$AE_NODE/node_modules/.bin:$PATH"
# MLflow 3 starts a job runner (huey, several processes) beside every server; the app needs no
# MLflow jobs, and without it a test server takes about half the memory.
export MLFLOW_SERVER_ENABLE_JOB_EXECUTION=false
# MLflow's telemetry thread sets and unsets an environment variable while the client iterates
# os.environ to send a request: seeding then fails now and then with KeyError
# '_MLFLOW_TELEMETRY_SESSION_ID' (seen here). It would also try to reach the internet.
export MLFLOW_DISABLE_TELEMETRY=true DO_NOT_TRACK=true

say() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

ensure_wasm_target() {
  rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown && return
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
}

ensure_trunk() {
  [ "$(trunk --version 2>/dev/null)" = "trunk $TRUNK_VERSION" ] && return
  say "installing trunk $TRUNK_VERSION (about 11 minutes on a cold machine)"
  cargo install trunk --locked --version "$TRUNK_VERSION"
}

ensure_wasm_bindgen() {
  local locked
  locked=$(grep -A1 '^name = "wasm-bindgen"$' "$AE_ROOT/Cargo.lock" | sed -n 's/^version = "\(.*\)"/\1/p')
  [ "$locked" = "$WASM_BINDGEN_VERSION" ] || die "Cargo.lock has wasm-bindgen $locked but scripts/versions.env pins $WASM_BINDGEN_VERSION"
  [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $WASM_BINDGEN_VERSION" ] &&
    [ "$(wasm-bindgen-test-runner --version 2>/dev/null)" = "wasm-bindgen-test-runner $WASM_BINDGEN_VERSION" ] && return
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes on a cold machine)"
  # Without --locked: its lockfile names a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
}

# wasm-split-cli splits the app's wasm at its lazy pages (scripts/split_wasm.cjs, a Trunk hook).
# It has no --version: cargo's list of installed packages says which one is there.
ensure_wasm_split() {
  cargo install --list 2>/dev/null | grep -qx "wasm_split_cli_support v$WASM_SPLIT_CLI_VERSION:" && return
  say "installing wasm-split-cli $WASM_SPLIT_CLI_VERSION (about 3 minutes on a cold machine)"
  cargo install --locked wasm_split_cli_support --version "$WASM_SPLIT_CLI_VERSION" --features build-binary --force
}

# twiggy, the wasm code size profiler (scripts/bench/bundle only; not part of the build).
ensure_twiggy() {
  # its binary calls itself twiggy-opt: `twiggy --version` prints "twiggy-opt 0.8.0"
  [ "$(twiggy --version 2>/dev/null)" = "twiggy-opt $TWIGGY_VERSION" ] && return
  say "installing twiggy $TWIGGY_VERSION (a few minutes on a cold machine)"
  cargo install --locked twiggy --version "$TWIGGY_VERSION"
}

npm_has() { # npm_has PACKAGE VERSION
  [ -f "$AE_NODE/node_modules/$1/package.json" ] &&
    grep -q "\"version\": \"$2\"" "$AE_NODE/node_modules/$1/package.json"
}

# Node packages: binaryen (wasm-opt) for builds, playwright-core for end-to-end tests.
ensure_node_tools() {
  command -v node >/dev/null || die "node is missing (apt-get install nodejs npm)"
  local want=()
  npm_has binaryen "$BINARYEN_VERSION.0.0" || want+=("binaryen@$BINARYEN_VERSION")
  npm_has playwright-core "$PLAYWRIGHT_CORE_VERSION" || want+=("playwright-core@$PLAYWRIGHT_CORE_VERSION")
  [ ${#want[@]} -eq 0 ] && return
  say "installing ${want[*]} from npm"
  mkdir -p "$AE_NODE"
  [ -f "$AE_NODE/package.json" ] || echo '{"private": true}' >"$AE_NODE/package.json"
  (cd "$AE_NODE" && npm install --no-audit --no-fund --save-exact "${want[@]}" >&2)
}

ensure_mlflow() {
  [ -x "$AE_VENV/bin/mlflow" ] && "$AE_VENV/bin/python" -c "import mlflow, flask_wtf; assert mlflow.__version__ == '$MLFLOW_VERSION'" 2>/dev/null && return
  say "installing mlflow[auth]==$MLFLOW_VERSION into $AE_VENV (about a minute)"
  python3 -m venv "$AE_VENV"
  "$AE_VENV/bin/pip" install --quiet --disable-pip-version-check "mlflow[auth]==$MLFLOW_VERSION"
}

# PostgreSQL (Debian's postgresql-$PG_MAJOR) for the PostgreSQL-backed MLflow: the scale
# benchmark and one end-to-end journey. PostgreSQL refuses to run as root, so as root every
# server command runs as the `postgres` user (which the Debian package creates).
PG_BIN="/usr/lib/postgresql/$PG_MAJOR/bin"

ensure_postgres() {
  [ -x "$PG_BIN/initdb" ] && [ -x "$PG_BIN/pg_ctl" ] && [ -x "$PG_BIN/psql" ] && return
  say "installing postgresql-$PG_MAJOR from Debian"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "postgresql-$PG_MAJOR" >/dev/null
  [ -x "$PG_BIN/initdb" ] || die "postgresql-$PG_MAJOR installed, but $PG_BIN/initdb is missing"
}

# MLflow reaches postgresql:// URIs through SQLAlchemy's psycopg 3 dialect.
ensure_psycopg() {
  "$AE_VENV/bin/python" -c "import psycopg, psycopg_binary; assert psycopg.__version__ == '$PSYCOPG_VERSION'" 2>/dev/null && return
  say "installing psycopg[binary]==$PSYCOPG_VERSION into $AE_VENV"
  "$AE_VENV/bin/pip" install --quiet --disable-pip-version-check "psycopg[binary]==$PSYCOPG_VERSION"
}

pg_cmd() { # pg_cmd COMMAND…: a PostgreSQL server command, as `postgres` when we are root
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# start_postgres DIR PORT: a loopback-only PostgreSQL with its data in DIR/pg (initdb on first
# use; an existing DIR/pg is started as it is), its socket and log in DIR, a database `mlflow`
# owned by the trusted user `mlflow`. Sets PG_URI (postgresql://mlflow@127.0.0.1:PORT/mlflow);
# stop it with `stop_postgres DIR`. Durability is off (fsync, synchronous_commit): this is a
# throwaway server, and reads are not affected.
start_postgres() {
  local dir=$1 port=$2
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$dir"
    [ -d "$dir/pg" ] && chown -R postgres: "$dir/pg"
    runuser -u postgres -- test -w "$dir" ||
      die "the postgres user cannot write to $dir (is a parent folder closed to others?)"
  fi
  if [ ! -f "$dir/pg/PG_VERSION" ]; then
    pg_cmd "$PG_BIN/initdb" -D "$dir/pg" -A trust -U mlflow -E UTF8 --no-instructions >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; die "initdb failed in $dir/pg"; }
  fi
  pg_cmd "$PG_BIN/pg_ctl" -D "$dir/pg" -l "$dir/postgres.log" -w -t 60 \
    -o "-p $port -k '$dir' -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { tail -n 20 "$dir/postgres.log" >&2; die "PostgreSQL did not start (log: $dir/postgres.log)"; }
  if [ -z "$(pg_cmd "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U mlflow -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'mlflow'")" ]; then
    pg_cmd "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U mlflow mlflow || die "createdb mlflow failed"
  fi
  PG_URI="postgresql://mlflow@127.0.0.1:$port/mlflow"
}

# stop_postgres DIR: a clean (fast) shutdown of the server started on DIR/pg; silent if none runs.
stop_postgres() {
  local dir=$1
  [ -f "$dir/pg/postmaster.pid" ] || return 0
  pg_cmd "$PG_BIN/pg_ctl" -D "$dir/pg" -m fast -w -t 60 stop >/dev/null 2>&1 || true
}

ensure_chromium() {
  [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] && return
  say "installing chromium and chromium-driver from Debian"
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
}

ensure_build_tools() {
  ensure_wasm_target
  ensure_node_tools
  ensure_wasm_bindgen
  ensure_wasm_split
  ensure_trunk
}

# stage NAME LOG PATTERN COMMAND…: runs one test stage with its whole output in LOG, shows the
# lines matching PATTERN (an extended regex; '' shows everything) as they come, and stops the
# script naming the stage when COMMAND fails. The exit status is written to a file by the
# command's own subshell, so no later element of the pipeline (tee, grep) can mask it, and
# `set -e` in the caller cannot end the subshell before it is written.
stage() {
  local name=$1 log=$2 pattern=$3 status
  shift 3
  rm -f "$log.status"
  { status=0; "$@" 2>&1 || status=$?; echo "$status" >"$log.status"; } |
    tee "$log" | { grep --line-buffered -E "$pattern" || true; }
  status=$(cat "$log.status" 2>/dev/null || echo 1)
  [ "$status" -eq 0 ] && return 0
  printf '\n--- last lines of %s ---\n' "$log" >&2
  tail -n 80 "$log" >&2
  die "stage failed: $name (exit $status; full log: $log)"
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_for_url URL SECONDS [PID]: wait until URL answers 200 (giving up if PID dies).
wait_for_url() {
  local url=$1 seconds=$2 pid=${3:-} i
  for ((i = 0; i < seconds * 4; i++)); do
    curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null && return 0
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    sleep 0.25
  done
  return 1
}

# start_mlflow PORT DATA_DIR LOG [extra args…]: starts a loopback MLflow server with a SQLite
# store and a local artifact folder; sets MLFLOW_PID. Waits until /health answers.
start_mlflow() {
  local port=$1 dir=$2 log=$3
  shift 3
  mkdir -p "$dir/artifacts"
  say "starting MLflow $MLFLOW_VERSION on 127.0.0.1:$port (data in $dir)"
  MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT=true \
    setsid "$AE_VENV/bin/mlflow" server --host 127.0.0.1 --port "$port" \
    --backend-store-uri "sqlite:///$dir/mlflow.db" --artifacts-destination "$dir/artifacts" \
    --workers 1 "$@" >"$log" 2>&1 &
  MLFLOW_PID=$!
  wait_for_url "http://127.0.0.1:$port/health" 180 "$MLFLOW_PID" || {
    tail -n 30 "$log" >&2
    die "MLflow did not start (log: $log)"
  }
}

# start_mlflow_on STORE_URI PORT ARTIFACT_DIR LOG [extra args…]: starts a loopback MLflow server
# on any backend store (sqlite:///…, postgresql://…) in its own process group and returns at once
# (wait with wait_for_url …/health); sets STARTED_PID.
start_mlflow_on() {
  local uri=$1 port=$2 artifacts=$3 log=$4
  shift 4
  mkdir -p "$artifacts"
  MLFLOW_SUPPRESS_PRINTING_URL_TO_STDOUT=true setsid "$AE_VENV/bin/mlflow" server --host 127.0.0.1 --port "$port" \
    --backend-store-uri "$uri" --artifacts-destination "$artifacts" "$@" >"$log" 2>&1 &
  STARTED_PID=$!
  disown "$STARTED_PID" 2>/dev/null || true # stopped with stop_group; no "Killed" notice from bash
}

# stop_group PID: stops a process started with setsid, and its children.
stop_group() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 30); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.3; done
  kill -KILL -- "-$pid" 2>/dev/null || true
}

seed_demo() { # seed_demo URL [SUMMARY_OUT]
  local args=(--tracking-uri "$1")
  [ -n "${2:-}" ] && args+=(--summary-out "$2")
  "$AE_VENV/bin/python" "$AE_ROOT/scripts/seed_demo.py" "${args[@]}"
}

# cargo_target_dir: where cargo builds (CARGO_TARGET_DIR, or the project's target/).
cargo_target_dir() {
  (cd "$AE_ROOT" && cargo metadata --format-version 1 --no-deps) |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])'
}

# build_wasm_bench EXAMPLE PKG_DIR: builds examples/EXAMPLE.rs for the browser the way Trunk builds
# the app (release profile, wasm-bindgen --target=web, then wasm-opt at the level Trunk.toml gives
# the split hook) into PKG_DIR/EXAMPLE.js and PKG_DIR/EXAMPLE_bg.wasm, for scripts/bench/wasm_bench.cjs.
build_wasm_bench() {
  local name=$1 pkg=$2 level target
  ensure_wasm_target
  ensure_wasm_bindgen
  ensure_node_tools
  level=$(sed -n 's/.*"scripts\/split_wasm.cjs", "--wasm-opt=\([^"]*\)".*/\1/p' "$AE_ROOT/Trunk.toml")
  [ -n "$level" ] || die "Trunk.toml gives scripts/split_wasm.cjs no --wasm-opt level"
  target=$(cargo_target_dir)
  say "building $name for the browser as the app ships (release profile, wasm-opt -O$level)"
  (cd "$AE_ROOT" && cargo build --quiet --release --target wasm32-unknown-unknown --example "$name" >&2)
  wasm-bindgen --target=web --out-dir="$pkg" --out-name="$name" --no-typescript \
    "$target/wasm32-unknown-unknown/release/examples/$name.wasm"
  "$AE_NODE/node_modules/.bin/wasm-opt" --output="$pkg/opt.wasm" "-O$level" "$pkg/${name}_bg.wasm"
  mv "$pkg/opt.wasm" "$pkg/${name}_bg.wasm"
}
