#!/usr/bin/env bash
# Local PostgreSQL and RabbitMQ for development and tests, without Docker or systemd.
#
#   infra/local/services.sh start    install what is missing, start both (idempotent), print the settings
#   infra/local/services.sh stop     stop both (idempotent, quiet when nothing runs)
#   infra/local/services.sh status   say what runs; exit 0 only when both answer
#   infra/local/services.sh env      print only the `export` lines:  eval "$(infra/local/services.sh env)"
#   infra/local/services.sh restart-broker    stop and start RabbitMQ only (fault tests; data kept)
#   infra/local/services.sh restart-postgres  stop (fast) and start PostgreSQL only (fault tests; data kept)
#
# State lives in <repo>/.state/ (git-ignored). Everything listens on 127.0.0.1 only.
# Progress goes to stderr; stdout carries only the export lines, so `eval "$(... start)"` works too.
#
# Settings (environment):
#   SV_PG_PORT (55432)  SV_RABBIT_PORT (56720)  SV_RABBIT_MGMT_PORT (15673)
#   SV_RABBIT_DIST_PORT (25679)  SV_EPMD_PORT (54369)  SV_SERVICES_TIMEOUT (90 seconds)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE="$ROOT/.state"

PG_PORT="${SV_PG_PORT:-55432}"
RABBIT_PORT="${SV_RABBIT_PORT:-56720}"
MGMT_PORT="${SV_RABBIT_MGMT_PORT:-15673}"
# Erlang distribution: a private node name, dist port and epmd port, so this broker neither
# clashes with another RabbitMQ on the machine nor shares (and later kills) its epmd.
DIST_PORT="${SV_RABBIT_DIST_PORT:-25679}"
EPMD_PORT="${SV_EPMD_PORT:-54369}"
TIMEOUT="${SV_SERVICES_TIMEOUT:-90}"

RABBIT_USER=sv
RABBIT_PASS=sv

RMQ_DIR="$STATE/rabbitmq"
RMQ_BIN=/usr/lib/rabbitmq/bin
RMQ_PIDFILE="$RMQ_DIR/rabbit.pid"

# Root (this machine, CI here) runs PostgreSQL as the 'postgres' user; anyone else (a GitHub runner)
# runs it as themselves and installs packages through sudo.
if [ "$(id -u)" = 0 ]; then SUDO=(); IS_ROOT=1; else SUDO=(sudo -n); IS_ROOT=0; fi

log() { printf '[services] %s\n' "$*" >&2; }
die() { printf '[services] ERROR: %s\n' "$*" >&2; exit 1; }

print_env() {
  cat <<EOF
export SV_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
export SV_TEST_RABBITMQ="amqp://$RABBIT_USER:$RABBIT_PASS@127.0.0.1:$RABBIT_PORT/"
export SV_TEST_RABBITMQ_MANAGEMENT="http://$RABBIT_USER:$RABBIT_PASS@127.0.0.1:$MGMT_PORT/"
EOF
}

# ---------------------------------------------------------------- installation

pg_bindir() {
  # Highest installed major version.
  local f initdb
  initdb="$(for f in /usr/lib/postgresql/*/bin/initdb; do [ -x "$f" ] && echo "$f"; done | sort -V | tail -n 1)"
  [ -n "$initdb" ] && dirname "$initdb"
}

apt_install() {
  command -v apt-get >/dev/null || die "apt-get not found; install $* by hand"
  if [ "$IS_ROOT" = 0 ] && ! sudo -n true 2>/dev/null; then die "installing $* needs root or sudo"; fi
  log "installing $* (apt-get)"
  # Never let the package's maintainer scripts start a system-wide instance (on 0.0.0.0, default
  # ports): without a policy-rc.d, invoke-rc.d would start them from /etc/init.d.
  local policy=/usr/sbin/policy-rc.d added_policy=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee "$policy" >/dev/null &&
      "${SUDO[@]}" chmod 755 "$policy" && added_policy=1
  fi
  local rc=0
  local apt_opts=(-y -q --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  local apt=("${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get)
  if ! "${apt[@]}" install "${apt_opts[@]}" "$@" >"$STATE/apt.log" 2>&1; then
    log "apt-get install failed; running apt-get update and retrying"
    { "${apt[@]}" update -q && "${apt[@]}" install "${apt_opts[@]}" "$@"; } >>"$STATE/apt.log" 2>&1 || rc=$?
  fi
  if [ "$added_policy" = 1 ]; then "${SUDO[@]}" rm -f "$policy"; fi
  if [ "$rc" != 0 ]; then
    tail -n 30 "$STATE/apt.log" >&2
    die "could not install $* (log: $STATE/apt.log)"
  fi
}

ensure_installed() {
  local pkgs=()
  [ -x "$RMQ_BIN/rabbitmq-server" ] || pkgs+=(rabbitmq-server)
  [ -n "$(pg_bindir)" ] || pkgs+=(postgresql)
  if [ "${#pkgs[@]}" -gt 0 ]; then apt_install "${pkgs[@]}"; fi
  [ -x "$RMQ_BIN/rabbitmq-server" ] || die "$RMQ_BIN/rabbitmq-server still missing after install"
  [ -n "$(pg_bindir)" ] || die "no /usr/lib/postgresql/*/bin/initdb after install"
}

# ---------------------------------------------------------------- PostgreSQL

pg_setup_paths() {
  PG_BIN="$(pg_bindir || true)"
  local base="$STATE"
  # The server runs as 'postgres', which must be able to reach the data folder. A checkout under a
  # private folder (/root is 700) does not allow that: keep the cluster in /var/tmp instead, under
  # a name derived from the checkout's path.
  if [ "$IS_ROOT" = 1 ] && id postgres >/dev/null 2>&1 && ! runuser -u postgres -- test -x "$ROOT"; then
    base="/var/tmp/servicevision-$(printf '%s' "$ROOT" | cksum | cut -d' ' -f1)"
    mkdir -p "$base"
    chmod 755 "$base"
  fi
  PGDATA_DIR="$base/pg"
  PG_LOGDIR="$base/pg-log"
  PG_LOG="$PG_LOGDIR/postgres.log"
}

as_postgres() {
  if [ "$IS_ROOT" = 1 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}
# chown, as root only (otherwise the files are already the server's: ours).
pg_chown() { if [ "$IS_ROOT" = 1 ]; then chown "$@"; fi; }

pg_running() {
  [ -n "${PG_BIN:-}" ] && [ -f "$PGDATA_DIR/postmaster.pid" ] || return 1
  as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1
}

pg_ready() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -t 2 >/dev/null 2>&1; }

pg_start() {
  if pg_running && pg_ready; then
    log "PostgreSQL already running on 127.0.0.1:$PG_PORT"
    return 0
  fi
  if [ "$IS_ROOT" = 1 ] && ! id postgres >/dev/null 2>&1; then
    die "no 'postgres' user (is the postgresql package installed?)"
  fi
  mkdir -p "$PG_LOGDIR"
  pg_chown postgres: "$PG_LOGDIR"
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    mkdir -p "$PGDATA_DIR"
    pg_chown postgres: "$PGDATA_DIR"
    chmod 700 "$PGDATA_DIR"
    as_postgres test -w "$PGDATA_DIR" || die "user postgres cannot write to $PGDATA_DIR"
    log "initdb $PGDATA_DIR"
    as_postgres "$PG_BIN/initdb" -D "$PGDATA_DIR" -A trust -U postgres -E UTF8 --no-locale \
      >"$PG_LOGDIR/initdb.log" 2>&1 || { tail -n 20 "$PG_LOGDIR/initdb.log" >&2; die "initdb failed"; }
  fi
  pg_chown -R postgres: "$PGDATA_DIR"
  # Unix socket in the data folder unless its path would be too long (limit ~107 bytes).
  local sockdir="$PGDATA_DIR"
  [ "${#sockdir}" -lt 90 ] || sockdir=""
  # A throw-away test cluster: durability off for speed, room for several test assemblies' pools.
  local opts="-c listen_addresses=127.0.0.1 -p $PG_PORT -k '$sockdir'"
  opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
  log "starting PostgreSQL $(basename "$(dirname "$PG_BIN")") on 127.0.0.1:$PG_PORT"
  if ! as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PG_LOG" -o "$opts" -w -t "$TIMEOUT" start >/dev/null 2>&1; then
    tail -n 30 "$PG_LOG" >&2 || true
    die "PostgreSQL failed to start within ${TIMEOUT}s (log: $PG_LOG)"
  fi
  local deadline=$((SECONDS + TIMEOUT))
  until pg_ready; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -n 30 "$PG_LOG" >&2 || true
      die "PostgreSQL does not answer on 127.0.0.1:$PG_PORT after ${TIMEOUT}s (log: $PG_LOG)"
    fi
    sleep 0.2
  done
  log "PostgreSQL ready"
}

pg_stop() {
  if pg_running; then
    log "stopping PostgreSQL"
    as_postgres "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w -t 60 stop >/dev/null
  fi
}

# ---------------------------------------------------------------- RabbitMQ

rabbit_env() {
  export HOME="$RMQ_DIR/home"                  # the Erlang cookie lives here
  export RABBITMQ_NODENAME="sv@localhost"
  export RABBITMQ_USE_LONGNAME=false
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT="$RABBIT_PORT"
  export RABBITMQ_DIST_PORT="$DIST_PORT"
  export ERL_EPMD_ADDRESS=127.0.0.1
  export ERL_EPMD_PORT="$EPMD_PORT"
  export RABBITMQ_CONF_ENV_FILE="$RMQ_DIR/rabbitmq-env.conf"   # ignore /etc/rabbitmq
  export RABBITMQ_CONFIG_FILE="$RMQ_DIR/rabbitmq.conf"
  export RABBITMQ_ADVANCED_CONFIG_FILE="$RMQ_DIR/advanced.config"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$RMQ_DIR/enabled_plugins"
  export RABBITMQ_MNESIA_BASE="$RMQ_DIR/mnesia"
  export RABBITMQ_LOG_BASE="$RMQ_DIR/log"
  export RABBITMQ_PID_FILE="$RMQ_PIDFILE"
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="+sbwt none +sbwtdcpu none +sbwtdio none"
  # The CLI tools' own short-lived distribution listener: loopback only as well.
  export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  export PATH="$RMQ_BIN:$PATH"
}

rabbit_write_config() {
  mkdir -p "$HOME" "$RABBITMQ_MNESIA_BASE" "$RABBITMQ_LOG_BASE"
  : >"$RABBITMQ_CONF_ENV_FILE"
  cat >"$RABBITMQ_CONFIG_FILE" <<EOF
# Generated by infra/local/services.sh; edits are overwritten on start.
listeners.tcp.1 = 127.0.0.1:$RABBIT_PORT
distribution.listener.interface = 127.0.0.1
distribution.listener.port_range.min = $DIST_PORT
distribution.listener.port_range.max = $DIST_PORT
management.tcp.ip = 127.0.0.1
management.tcp.port = $MGMT_PORT
log.file.level = info
log.console = false
EOF
  echo '[].' >"$RABBITMQ_ADVANCED_CONFIG_FILE"
  echo '[rabbitmq_management,rabbitmq_consistent_hash_exchange].' >"$RABBITMQ_ENABLED_PLUGINS_FILE"
  # Create the cookie ourselves, so the server and the first CLI call never race to create it.
  if [ ! -s "$HOME/.erlang.cookie" ]; then
    (umask 077; head -c 20 /dev/urandom | od -An -tx1 | tr -d ' \n' | tr '0-9a-f' 'A-P' >"$HOME/.erlang.cookie")
    chmod 400 "$HOME/.erlang.cookie"
  fi
}

rabbit_pid_alive() {
  local pid
  [ -s "$RMQ_PIDFILE" ] || return 1
  pid="$(tr -dc '0-9' <"$RMQ_PIDFILE")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}

rabbit_ping() { "$RMQ_BIN/rabbitmq-diagnostics" -q ping >/dev/null 2>&1; }

rabbit_log() { echo "$RABBITMQ_LOG_BASE/$RABBITMQ_NODENAME.log"; }

rabbit_fail() {
  local f
  for f in "$RABBITMQ_LOG_BASE/startup.log" "$(rabbit_log)"; do
    [ -s "$f" ] && { echo "--- tail of $f" >&2; tail -n 25 "$f" >&2; }
  done
  # Do not leave a half-started node behind.
  [ "${2:-}" = keep ] || rabbit_stop >/dev/null 2>&1 || true
  die "$1 (logs: $RABBITMQ_LOG_BASE)"
}

rabbit_ensure_user() {
  # Fast path: the management API already accepts sv/sv as an administrator.
  if command -v curl >/dev/null &&
    curl -fsS -o /dev/null -u "$RABBIT_USER:$RABBIT_PASS" "http://127.0.0.1:$MGMT_PORT/api/whoami" 2>/dev/null; then
    return 0
  fi
  log "creating RabbitMQ administrator '$RABBIT_USER'"
  local out
  if ! out="$("$RMQ_BIN/rabbitmqctl" -q add_user "$RABBIT_USER" "$RABBIT_PASS" 2>&1)"; then
    case "$out" in
      *already_exists* | *"already exists"*)
        "$RMQ_BIN/rabbitmqctl" -q change_password "$RABBIT_USER" "$RABBIT_PASS" >/dev/null ;;
      *) echo "$out" >&2; die "rabbitmqctl add_user failed" ;;
    esac
  fi
  "$RMQ_BIN/rabbitmqctl" -q set_user_tags "$RABBIT_USER" administrator >/dev/null
  "$RMQ_BIN/rabbitmqctl" -q set_permissions -p / "$RABBIT_USER" '.*' '.*' '.*' >/dev/null
}

rabbit_start() {
  rabbit_env
  if rabbit_pid_alive && rabbit_ping; then
    log "RabbitMQ already running (AMQP 127.0.0.1:$RABBIT_PORT, management 127.0.0.1:$MGMT_PORT)"
    rabbit_ensure_user
    return 0
  fi
  if rabbit_pid_alive; then
    rabbit_fail "a RabbitMQ process from $RMQ_PIDFILE runs but does not answer; run '$0 stop' first" keep
  fi
  rm -f "$RMQ_PIDFILE"
  rabbit_write_config
  log "starting RabbitMQ on 127.0.0.1:$RABBIT_PORT (management 127.0.0.1:$MGMT_PORT, node $RABBITMQ_NODENAME)"
  # setsid: its own session, so a Ctrl-C or a trap in the caller's process group does not hit it.
  setsid "$RMQ_BIN/rabbitmq-server" >"$RABBITMQ_LOG_BASE/startup.log" 2>&1 </dev/null &
  local launcher=$!
  local deadline=$((SECONDS + TIMEOUT))
  # ping answers once the VM runs; await_startup then waits for the broker (and plugins) to boot.
  until rabbit_ping; do
    kill -0 "$launcher" 2>/dev/null || rabbit_fail "RabbitMQ exited during start-up"
    [ "$SECONDS" -lt "$deadline" ] || rabbit_fail "RabbitMQ did not answer ping within ${TIMEOUT}s"
    sleep 0.5
  done
  local left=$((deadline - SECONDS))
  [ "$left" -gt 0 ] || left=1
  "$RMQ_BIN/rabbitmqctl" -q await_startup --timeout "$left" >/dev/null 2>&1 ||
    rabbit_fail "RabbitMQ did not finish booting within ${TIMEOUT}s"
  rabbit_ensure_user
  log "RabbitMQ ready"
}

rabbit_stop() {
  rabbit_env
  if rabbit_pid_alive; then
    log "stopping RabbitMQ"
    "$RMQ_BIN/rabbitmqctl" -q stop "$RMQ_PIDFILE" >/dev/null 2>&1 || {
      # CLI could not reach it (e.g. cookie lost): terminate the VM by its pid.
      local pid
      pid="$(tr -dc '0-9' <"$RMQ_PIDFILE")"
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    }
  fi
  rm -f "$RMQ_PIDFILE"
  # Our private epmd (ERL_EPMD_PORT): quiet when none runs.
  local epmd
  epmd="$(epmd_path)"
  if [ -n "$epmd" ]; then "$epmd" -kill >/dev/null 2>&1 || true; fi
}

epmd_path() {
  local f
  command -v epmd 2>/dev/null && return 0
  for f in /usr/lib/erlang/erts-*/bin/epmd; do [ -x "$f" ] && echo "$f"; done | tail -n 1
}

# ---------------------------------------------------------------- commands

cmd_start() {
  local t0=$SECONDS
  mkdir -p "$STATE" "$RMQ_DIR"
  chmod a+x "$STATE"    # 'postgres' passes through it to reach .state/pg
  ensure_installed
  pg_setup_paths
  # Start both at once; each reports on stderr and fails on its own.
  local pg_pid rmq_pid pg_rc=0 rmq_rc=0
  (pg_start) & pg_pid=$!
  (rabbit_start) & rmq_pid=$!
  wait "$pg_pid" || pg_rc=$?
  wait "$rmq_pid" || rmq_rc=$?
  if [ "$pg_rc" != 0 ] || [ "$rmq_rc" != 0 ]; then
    die "start failed (PostgreSQL rc=$pg_rc, RabbitMQ rc=$rmq_rc)"
  fi
  log "services ready in $((SECONDS - t0))s"
  print_env
}

cmd_stop() {
  pg_setup_paths
  if [ -x "$RMQ_BIN/rabbitmqctl" ] && [ -d "$RMQ_DIR" ]; then (rabbit_stop); fi
  if [ -n "$PG_BIN" ]; then pg_stop; fi
}

cmd_status() {
  local rc=0
  pg_setup_paths
  if [ -n "$PG_BIN" ] && pg_running && pg_ready; then
    echo "postgresql: running  127.0.0.1:$PG_PORT  data $PGDATA_DIR"
  else
    echo "postgresql: stopped"; rc=3
  fi
  if [ -x "$RMQ_BIN/rabbitmq-diagnostics" ] && (rabbit_env; rabbit_pid_alive && rabbit_ping); then
    echo "rabbitmq:   running  amqp 127.0.0.1:$RABBIT_PORT  management http://127.0.0.1:$MGMT_PORT/  node sv@localhost"
  else
    echo "rabbitmq:   stopped"; rc=3
  fi
  return "$rc"
}

cmd_restart_broker() {
  mkdir -p "$STATE" "$RMQ_DIR"
  (rabbit_stop)
  (rabbit_start)
}

cmd_restart_postgres() {
  pg_setup_paths
  [ -n "$PG_BIN" ] || die "PostgreSQL is not installed; run '$0 start' first"
  pg_stop
  pg_start
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) print_env ;;
  restart-broker) cmd_restart_broker ;;
  restart-postgres) cmd_restart_postgres ;;
  *) echo "usage: $0 {start|stop|status|env|restart-broker|restart-postgres}" >&2; exit 2 ;;
esac
