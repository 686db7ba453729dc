# cluster.sh: etcd and RaftKV clusters on loopback for the bench scripts (sourced, not run).
#
# Owns the layout of one work dir: $WORK/etcd and $WORK/raftkv each hold, per member i, start-n$i.sh (starts
# the node in the background and writes n$i.pid; the failover tool reruns it to restart a killed node on the
# same data), n$i.pid, n$i.log and data-n$i/. Ports: etcd client PORT_BASE+i, etcd peer +10+i, RaftKV client
# +20+i, RaftKV peer +30+i, so at most 9 members. Every process it starts is recorded in a pid file, and
# cluster_cleanup kills exactly those.
#
# The caller sets ROOT before sourcing it, then WORK and PORT_BASE, defines log() and calls
# cluster_define [members] before anything else. Sourcing sets the defaults below unless the environment did.

# The JVM flags and malloc setting `raftkv local` starts its nodes with (LocalCommand.NODE_JVM_FLAGS).
RAFTKV_JAVA_OPTS="${RAFTKV_JAVA_OPTS:--Xms32m -Xmx512m -XX:+UseG1GC -XX:G1PeriodicGCInterval=1000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -Dio.netty.allocator.numDirectArenas=1 -Dio.netty.allocator.numHeapArenas=1}"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# etcd refuses an election timeout below 5 heartbeats, so both systems run 40/200 (RaftKV's default is 50/200).
HEARTBEAT_MS=40
ELECTION_MS=200
RAFTKV_JAR="${RAFTKV_JAR:-$ROOT/raftkv-cli/target/raftkv.jar}"
BENCH_JAR="${BENCH_JAR:-$ROOT/bench/target/raftkv-bench.jar}"

etcd_client() { echo "http://127.0.0.1:$((PORT_BASE + $1))"; }
etcd_peer() { echo "http://127.0.0.1:$((PORT_BASE + 10 + $1))"; }
raftkv_client() { echo "http://127.0.0.1:$((PORT_BASE + 20 + $1))"; }
raftkv_peer() { echo "127.0.0.1:$((PORT_BASE + 30 + $1))"; }

# Builds raftkv.jar and raftkv-bench.jar in this checkout's reactor unless SKIP_BUILD=1 and both exist.
# `package`, not `install`: the reactor resolves the modules from each other, ~/.m2 stays untouched.
build_jars() {
  if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "$RAFTKV_JAR" ] || [ ! -f "$BENCH_JAR" ]; then
    log "building raftkv.jar and raftkv-bench.jar (mvn -DskipTests package -pl bench -am)"
    (cd "$ROOT" && mvn -q -B -DskipTests package -pl bench -am) >&2
  fi
}

# Installs Debian package $2 when command $1 is missing; returns 1 (after saying so) when it cannot.
ensure_command() { # command package
  command -v "$1" >/dev/null && return 0
  if [ "$(id -u)" != 0 ]; then
    log "$1 missing and not running as root: skipping what needs it (apt-get install $2)"
    return 1
  fi
  log "installing $2 from Debian"
  { apt-get update -q && apt-get install -y -q "$2"; } >&2 || { log "installing $2 failed"; return 1; }
}

# Sets MEMBERS, the endpoint lists and writes every member's start script for both systems.
cluster_define() { # [members]
  MEMBERS="${1:-3}"
  local i
  ETCD_CLUSTER=""; RAFTKV_CLUSTER=""; ETCD_ENDPOINTS=""; RAFTKV_ENDPOINTS=""
  for i in $(seq 1 "$MEMBERS"); do
    ETCD_CLUSTER="$ETCD_CLUSTER${ETCD_CLUSTER:+,}e$i=$(etcd_peer "$i")"
    RAFTKV_CLUSTER="$RAFTKV_CLUSTER${RAFTKV_CLUSTER:+,}n$i=$(raftkv_peer "$i")"
    ETCD_ENDPOINTS="$ETCD_ENDPOINTS${ETCD_ENDPOINTS:+,}$(etcd_client "$i")"
    RAFTKV_ENDPOINTS="$RAFTKV_ENDPOINTS${RAFTKV_ENDPOINTS:+,}$(raftkv_client "$i")"
  done
  mkdir -p "$WORK/etcd" "$WORK/raftkv"
  rm -f "$WORK"/etcd/start-n*.sh "$WORK"/raftkv/start-n*.sh
  for i in $(seq 1 "$MEMBERS"); do
    cat >"$WORK/etcd/start-n$i.sh" <<EOF
exec >>"$WORK/etcd/n$i.log" 2>&1
etcd --name e$i --data-dir "$WORK/etcd/data-n$i" \\
  --listen-client-urls $(etcd_client "$i") --advertise-client-urls $(etcd_client "$i") \\
  --listen-peer-urls $(etcd_peer "$i") --initial-advertise-peer-urls $(etcd_peer "$i") \\
  --initial-cluster $ETCD_CLUSTER --initial-cluster-token compare-etcd --initial-cluster-state new \\
  --heartbeat-interval $HEARTBEAT_MS --election-timeout $ELECTION_MS </dev/null &
echo \$! >"$WORK/etcd/n$i.pid"
EOF
    cat >"$WORK/raftkv/start-n$i.sh" <<EOF
exec >>"$WORK/raftkv/n$i.log" 2>&1
java $RAFTKV_JAVA_OPTS -jar "$RAFTKV_JAR" server --id n$i --data-dir "$WORK/raftkv/data-n$i" \\
  --peer $(raftkv_peer "$i") --client 127.0.0.1:$((PORT_BASE + 20 + i)) --cluster $RAFTKV_CLUSTER \\
  --heartbeat-ms $HEARTBEAT_MS --election-timeout-ms $ELECTION_MS </dev/null &
echo \$! >"$WORK/raftkv/n$i.pid"
EOF
  done
}

endpoints_of() { if [ "$1" = etcd ]; then echo "$ETCD_ENDPOINTS"; else echo "$RAFTKV_ENDPOINTS"; fi; }
client_url() { if [ "$1" = etcd ]; then etcd_client "$2"; else raftkv_client "$2"; fi; }

cluster_start() { # system
  local i
  for i in $(seq 1 "$MEMBERS"); do bash "$WORK/$1/start-n$i.sh"; done
}

await_health() { # system url...
  local system="$1"; shift
  local deadline=$((SECONDS + 90)) url
  for url in "$@"; do
    until curl -sf -o /dev/null --max-time 2 "$url/health"; do
      [ $SECONDS -lt $deadline ] || { log "$system: $url not healthy after 90 s"; tail -n 20 "$WORK/$system"/n*.log >&2; exit 1; }
      sleep 0.2
    done
  done
}

cluster_await() { # system
  local i urls=()
  for i in $(seq 1 "$MEMBERS"); do urls+=("$(client_url "$1" "$i")"); done
  await_health "$1" "${urls[@]}"
}

# Kills every node of a system (SIGKILL, by its pid file), waits until they are gone and deletes their data,
# so the next cluster_start begins empty on the same ports. Logs are kept.
cluster_destroy() { # system
  local pidfile pid deadline
  for pidfile in "$WORK/$1"/n*.pid; do
    [ -f "$pidfile" ] || continue
    pid="$(cat "$pidfile")"
    kill -9 "$pid" 2>/dev/null || true
    deadline=$((SECONDS + 30))
    while [ -e "/proc/$pid" ] && ! grep -q '^State:.*Z' "/proc/$pid/status" 2>/dev/null && [ $SECONDS -lt $deadline ]; do
      sleep 0.1
    done
    rm -f "$pidfile"
  done
  rm -rf "$WORK/$1"/data-n*
}

# Kills every process this work dir started (trap handler's first step).
cluster_cleanup() {
  local pidfile
  for pidfile in "$WORK"/etcd/n*.pid "$WORK"/raftkv/n*.pid; do
    [ -f "$pidfile" ] || continue
    kill -9 "$(cat "$pidfile")" 2>/dev/null || true
  done
}

# CPU time (user + system, in clock ticks) used so far by the server processes of a system.
server_ticks() {
  local sum=0 pidfile
  for pidfile in "$WORK/$1"/n*.pid; do
    sum=$((sum + $(awk '{ print $14 + $15 }' "/proc/$(cat "$pidfile")/stat" 2>/dev/null || echo 0)))
  done
  echo "$sum"
}
CLK_TCK="$(getconf CLK_TCK)"

rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$(cat "$1")/status"; }

cluster_rss() { # system -> "a / b / c" (MB per node)
  local i rss=""
  for i in $(seq 1 "$MEMBERS"); do rss="$rss${rss:+ / }$(rss_mb "$WORK/$1/n$i.pid")"; done
  echo "$rss"
}

# Writes keys 0..N-1 (the bench's key names) once each, retrying failed puts; prints the load tool's line.
cluster_preload() { # system keys value_size inflight
  java -jar "$BENCH_JAR" load --target "$1" --endpoints "$(endpoints_of "$1")" --keys "$2" --value-size "$3" \
    --inflight "$4" 2>>"$WORK/bench-progress.log"
}

term_of() { # system i -> that member's current term, empty if it does not answer
  if [ "$1" = etcd ]; then
    curl -sf --max-time 2 -X POST -d '{}' "$(etcd_client "$2")/v3/maintenance/status" \
      | grep -o '"raftTerm":"\?[0-9]*' | grep -o '[0-9]*$' || true
  else
    curl -sf --max-time 2 "$(raftkv_client "$2")/v1/cluster" | grep -o '"term":[0-9]*' | grep -o '[0-9]*$' || true
  fi
}
max_term() { local i; for i in $(seq 1 "$MEMBERS"); do term_of "$1" "$i"; done | sort -n | tail -1; }
