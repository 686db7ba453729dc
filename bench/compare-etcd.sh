#!/usr/bin/env bash
# compare-etcd.sh: RaftKV against etcd on this machine, one command from a fresh clone.
#
# Starts a 3-member etcd and a 3-node RaftKV on loopback (separate processes, fsync on, the same Raft timing:
# heartbeat 40 ms, election timeout 200 ms; etcd refuses an election timeout below 5 heartbeats, so both run
# 40/200 instead of RaftKV's default 50/200), then:
#   1. throughput/latency: put (256-byte values), linearizable get, serializable get, mixed (90% linearizable
#      gets), 64 requests in flight from one client with every endpoint, alternating etcd/RaftKV for $ROUNDS rounds
#      of $DURATION each; the table shows the median of the rounds;
#   2. resident memory (VmRSS) of every node after loading $RSS_KEYS keys of 256 bytes;
#   3. leader changes (term increments) during a $SATURATE saturating put benchmark;
#   4. failover: SIGKILL of the leader $FAILOVER_ROUNDS times, time from the kill to the first acknowledged write.
# Prints one markdown table and writes it to bench/target/compare-etcd.md. Removes every process and temp dir
# it started on exit.
#
# Environment: DURATION (10s), WARMUP (10s of unmeasured load per system first), ROUNDS (3),
# FAILOVER_ROUNDS (10), SATURATE (60s), BENCH_WARMUP (5s of unmeasured load inside every bench run, so the load
# tool's own fresh JVM is compiled before it measures), RSS_KEYS (100000), INFLIGHT (64), PORT_BASE (41000),
# RAFTKV_JAVA_OPTS (JVM flags of the RaftKV nodes, default those of `raftkv local`, see below), RAFTKV_JAR / BENCH_JAR (jars to use), SKIP_BUILD=1 (use the jars already built), KEEP=1 (keep
# the temp dir with the logs).
set -euo pipefail
# The whole script is one compound command, parsed before it runs: editing the file during a run is safe.
{

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-10s}"
ROUNDS="${ROUNDS:-3}"
FAILOVER_ROUNDS="${FAILOVER_ROUNDS:-10}"
SATURATE="${SATURATE:-60s}"
BENCH_WARMUP="${BENCH_WARMUP:-5s}"
# The JVM flags and malloc setting `raftkv local` starts its nodes with (LocalCommand.NODE_JVM_FLAGS).
RAFTKV_JAVA_OPTS="${RAFTKV_JAVA_OPTS:--Xms32m -Xmx512m -XX:+UseG1GC -XX:G1PeriodicGCInterval=1000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -Dio.netty.allocator.numDirectArenas=1 -Dio.netty.allocator.numHeapArenas=1}"
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
RSS_KEYS="${RSS_KEYS:-100000}"
INFLIGHT="${INFLIGHT:-64}"
PORT_BASE="${PORT_BASE:-41000}"
HEARTBEAT_MS=40
ELECTION_MS=200
RAFTKV_JAR="${RAFTKV_JAR:-$ROOT/raftkv-cli/target/raftkv.jar}"
BENCH_JAR="${BENCH_JAR:-$ROOT/bench/target/raftkv-bench.jar}"
OUT_MD="$ROOT/bench/target/compare-etcd.md"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/compare-etcd.XXXXXX")"
mkdir -p "$WORK/etcd" "$WORK/raftkv"

log() { echo "compare-etcd: $*" >&2; }

cleanup() {
  local pidfile
  for pidfile in "$WORK"/etcd/n*.pid "$WORK"/raftkv/n*.pid; do
    [ -f "$pidfile" ] || continue
    kill -9 "$(cat "$pidfile")" 2>/dev/null || true
  done
  if [ "${KEEP:-0}" = 1 ]; then
    log "kept $WORK"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- prerequisites ----------------------------------------------------------------------------------------
if ! command -v etcd >/dev/null; then
  log "installing etcd-server from Debian"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -q >&2
  $SUDO apt-get install -y -q etcd-server >&2
fi
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "$RAFTKV_JAR" ] || [ ! -f "$BENCH_JAR" ]; then
  log "building raftkv.jar and raftkv-bench.jar (mvn -DskipTests install -pl bench -am)"
  (cd "$ROOT" && mvn -q -B -DskipTests -Dmdep.analyze.skip=true install -pl bench -am) >&2
fi

# --- clusters ---------------------------------------------------------------------------------------------
etcd_client() { echo "http://127.0.0.1:$((PORT_BASE + $1))"; }
etcd_peer() { echo "http://127.0.0.1:$((PORT_BASE + 10 + $1))"; }
raftkv_client() { echo "http://127.0.0.1:$((PORT_BASE + 20 + $1))"; }
raftkv_peer() { echo "127.0.0.1:$((PORT_BASE + 30 + $1))"; }

ETCD_CLUSTER="e1=$(etcd_peer 1),e2=$(etcd_peer 2),e3=$(etcd_peer 3)"
RAFTKV_CLUSTER="n1=$(raftkv_peer 1),n2=$(raftkv_peer 2),n3=$(raftkv_peer 3)"
ETCD_ENDPOINTS="$(etcd_client 1),$(etcd_client 2),$(etcd_client 3)"
RAFTKV_ENDPOINTS="$(raftkv_client 1),$(raftkv_client 2),$(raftkv_client 3)"

# Each node gets a start script (also used by the failover tool to restart a killed node on the same data);
# it starts the node in the background and writes its pid file.
for i in 1 2 3; do
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

await_health() { # system url...
  local system="$1"; shift
  local deadline=$((SECONDS + 90)) url
  for url in "$@"; do
    until curl -sf -o /dev/null --max-time 2 "$url/health"; do
      [ $SECONDS -lt $deadline ] || { log "$system: $url not healthy after 90 s"; tail -20 "$WORK/$system"/n*.log >&2; exit 1; }
      sleep 0.2
    done
  done
}

log "work dir $WORK; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
for i in 1 2 3; do bash "$WORK/etcd/start-n$i.sh"; bash "$WORK/raftkv/start-n$i.sh"; done
await_health etcd "$(etcd_client 1)" "$(etcd_client 2)" "$(etcd_client 3)"
await_health raftkv "$(raftkv_client 1)" "$(raftkv_client 2)" "$(raftkv_client 3)"
log "both clusters healthy"

# CPU time (user + system, in clock ticks) used so far by the 3 server processes of a system.
server_ticks() {
  local sum=0 pidfile
  for pidfile in "$WORK/$1"/n*.pid; do
    sum=$((sum + $(awk '{ print $14 + $15 }' "/proc/$(cat "$pidfile")/stat" 2>/dev/null || echo 0)))
  done
  echo "$sum"
}
CLK_TCK="$(getconf CLK_TCK)"

bench() { # target endpoints args... -> prints "ops_per_s p99_ms errors server_cpu_us_per_op"
  local target="$1" endpoints="$2"; shift 2
  local out ticks_before ticks_after
  ticks_before="$(server_ticks "$target")"
  # A failed run (exit 3: preload or every operation failed) is reported as 0 ops/s, not fatal.
  out="$(java -jar "$BENCH_JAR" bench --target "$target" --endpoints "$endpoints" --inflight "$INFLIGHT" \
    --warmup "$BENCH_WARMUP" "$@" \
    2>>"$WORK/bench-progress.log")" || log "$target $*: bench failed (see $WORK/bench-progress.log)"
  ticks_after="$(server_ticks "$target")"
  echo "$out" >>"$WORK/bench-reports.log"
  # Server CPU per operation: what the three nodes together spent (preload included, so an upper bound).
  echo "$out" | awk -v ticks="$((ticks_after - ticks_before))" -v hz="$CLK_TCK" '
    /ops in / { for (i = 1; i <= NF; i++) if ($i == "ops" && $(i+1) == "in") n = $(i-1) }
    /ops\/s$/ { ops = $(NF-1) }
    /latency ms:/ { for (i = 1; i <= NF; i++) if ($i == "p99") p99 = $(i+1) }
    /errors [0-9]+$/ { errors = $NF }
    END { printf "%s %s %s %s\n", ops, p99, errors, (n > 0 ? sprintf("%.0f", ticks * 1e6 / hz / n) : "n/a") }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR+1)/2]; else printf "%.3f\n", (v[NR/2] + v[NR/2+1]) / 2 }'; }

# --- 1. throughput and latency ----------------------------------------------------------------------------
# Warm-up, not measured: RaftKV's JVMs start interpreted and reach full speed only after the JIT compiled the
# hot paths (the first 10 s of puts ran at a third of later rounds' rate without this); etcd is compiled Go.
for target in etcd raftkv; do
  if [ "$target" = etcd ]; then endpoints="$ETCD_ENDPOINTS"; else endpoints="$RAFTKV_ENDPOINTS"; fi
  bench "$target" "$endpoints" --workload mixed --read-ratio 0.5 --duration "$WARMUP" >/dev/null
done
WORKLOADS=("put|--workload put --value-size 256"
  "get (linearizable)|--workload get --value-size 256"
  "get (serializable)|--workload get --serializable --value-size 256"
  "mixed 90% get|--workload mixed --read-ratio 0.9 --value-size 256")
for round in $(seq 1 "$ROUNDS"); do
  for w in "${WORKLOADS[@]}"; do
    name="${w%%|*}"; args="${w#*|}"
    for target in etcd raftkv; do
      if [ "$target" = etcd ]; then endpoints="$ETCD_ENDPOINTS"; else endpoints="$RAFTKV_ENDPOINTS"; fi
      # shellcheck disable=SC2086
      result="$(bench "$target" "$endpoints" $args --duration "$DURATION")"
      log "round $round $name $target: ops/s p99_ms errors = $result"
      echo "$name|$target|$result" >>"$WORK/results"
    done
  done
done

# --- 2. resident memory after RSS_KEYS keys ---------------------------------------------------------------
rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$(cat "$1")/status"; }
for target in etcd raftkv; do
  if [ "$target" = etcd ]; then endpoints="$ETCD_ENDPOINTS"; else endpoints="$RAFTKV_ENDPOINTS"; fi
  log "$target: loading $RSS_KEYS keys of 256 bytes"
  # Every key once, 64 puts in flight; a put that fails (e.g. caught in a leader change) is tried again.
  java -jar "$BENCH_JAR" load --target "$target" --endpoints "$endpoints" --keys "$RSS_KEYS" --value-size 256 \
    --inflight "$INFLIGHT" 2>>"$WORK/bench-progress.log" | tee -a "$WORK/load-results" >&2 \
    || log "$target: loading $RSS_KEYS keys had failures (see above)"
  sleep 2 # let background work (etcd's backend commit every 100 ms, RaftKV's snapshot) settle before sampling
  rss=""
  for i in 1 2 3; do rss="$rss${rss:+ / }$(rss_mb "$WORK/$target/n$i.pid")"; done
  echo "$target|$rss" >>"$WORK/rss"
  log "$target RSS MB per node: $rss"
done

# --- 3. leader changes under saturation --------------------------------------------------------------------
# Fast failover must not cost spurious elections: a $SATURATE put benchmark at $INFLIGHT in flight, and the
# cluster's highest term before and after it (every election, successful or not, takes a new term).
term_of() { # system i -> that member's current term, empty if it does not answer
  if [ "$1" = etcd ]; then
    curl -sf --max-time 2 -X POST -d '{}' "$(etcd_client "$2")/v3/maintenance/status" \
      | grep -o '"raftTerm":"\?[0-9]*' | grep -o '[0-9]*$' || true
  else
    curl -sf --max-time 2 "$(raftkv_client "$2")/v1/cluster" | grep -o '"term":[0-9]*' | grep -o '[0-9]*$' || true
  fi
}
max_term() { for i in 1 2 3; do term_of "$1" "$i"; done | sort -n | tail -1; }
for target in etcd raftkv; do
  if [ "$target" = etcd ]; then endpoints="$ETCD_ENDPOINTS"; else endpoints="$RAFTKV_ENDPOINTS"; fi
  before="$(max_term "$target")"
  result="$(bench "$target" "$endpoints" --workload put --value-size 256 --duration "$SATURATE")"
  after="$(max_term "$target")"
  changes="$(awk -v a="$after" -v b="$before" 'BEGIN { if (a != "" && b != "") print a - b; else print "n/a" }')"
  log "$target: $SATURATE saturating puts: ops/s p99_ms errors = $result; term $before -> $after"
  echo "$target|$changes|$result" >>"$WORK/saturate"
done

# --- 4. failover ------------------------------------------------------------------------------------------
for target in etcd raftkv; do
  if [ "$target" = etcd ]; then endpoints="$ETCD_ENDPOINTS"; else endpoints="$RAFTKV_ENDPOINTS"; fi
  log "$target: failover, $FAILOVER_ROUNDS leader kills"
  java -jar "$BENCH_JAR" failover --target "$target" --endpoints "$endpoints" --nodes-dir "$WORK/$target" \
    --rounds "$FAILOVER_ROUNDS" 2>>"$WORK/failover.log" | tee -a "$WORK/failover-results" >&2 \
    || { log "$target: failover run failed:"; grep -v '^\s*at ' "$WORK/failover.log" | tail -3 >&2; }
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"

# --- table ------------------------------------------------------------------------------------------------
field() { # workload target column(1=ops 2=p99 3=errors 4=server CPU us/op) -> median over rounds
  awk -F'|' -v w="$1" -v t="$2" '$1 == w && $2 == t { print $3 }' "$WORK/results" | awk -v c="$3" '{ print $c }' | median
}
{
  echo "## RaftKV vs etcd $(etcd --version | head -1 | awk '{print $3}') — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "3 nodes each on 127.0.0.1, fsync on, heartbeat ${HEARTBEAT_MS} ms, election timeout ${ELECTION_MS} ms;"
  echo "one client, $INFLIGHT requests in flight, 1000 keys, 256-byte values; after $WARMUP of unmeasured warm-up each,"
  echo "median of $ROUNDS alternating rounds of $DURATION (each after $BENCH_WARMUP of unmeasured load in the same client)."
  echo "RaftKV JVM flags: $RAFTKV_JAVA_OPTS."
  echo "Machine: $(nproc) cores; load average before $LOAD_BEFORE, after $LOAD_AFTER."
  echo "CPU µs/op: user + system CPU time of the three server processes during a run, divided by its operations"
  echo "(the load tool's own CPU not included)."
  echo
  echo "| workload | etcd ops/s | etcd p99 ms | RaftKV ops/s | RaftKV p99 ms | RaftKV/etcd ops/s | etcd CPU µs/op | RaftKV CPU µs/op |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for w in "${WORKLOADS[@]}"; do
    name="${w%%|*}"
    eo="$(field "$name" etcd 1)"; ep="$(field "$name" etcd 2)"
    ro="$(field "$name" raftkv 1)"; rp="$(field "$name" raftkv 2)"
    ec="$(field "$name" etcd 4)"; rc="$(field "$name" raftkv 4)"
    ratio="$(awk -v a="$ro" -v b="$eo" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
    echo "| $name | $eo | $ep | $ro | $rp | $ratio | $ec | $rc |"
  done
  errs="$(awk -F'|' '{ split($3, f, " "); if (f[3] > 0) print $1 " " $2 ": " f[3] " errors" }' "$WORK/results")"
  [ -z "$errs" ] || { echo; echo "Errors: $errs" | tr '\n' ';'; echo; }
  echo
  echo "| | etcd | RaftKV |"
  echo "|---|---:|---:|"
  fe="$(grep '^failover etcd' "$WORK/failover-results" || true)"
  fr="$(grep '^failover raftkv' "$WORK/failover-results" || true)"
  fo() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2 }'; }
  echo "| failover: kill -9 leader → first write, median ms ($FAILOVER_ROUNDS kills) | $(fo "$fe" median_ms) | $(fo "$fr" median_ms) |"
  echo "| failover: max ms | $(fo "$fe" max_ms) | $(fo "$fr" max_ms) |"
  echo "| RSS MB per node after $RSS_KEYS keys of 256 B | $(awk -F'|' '$1 == "etcd" { print $2 }' "$WORK/rss") | $(awk -F'|' '$1 == "raftkv" { print $2 }' "$WORK/rss") |"
  sat() { awk -F'|' -v t="$1" -v c="$2" '$1 == t { split($3, f, " "); print (c == 1 ? $2 : f[c - 1]) }' "$WORK/saturate"; }
  echo "| elections (term increments) during $SATURATE of saturating puts | $(sat etcd 1) | $(sat raftkv 1) |"
  echo "| puts/s, p99 ms during those $SATURATE | $(sat etcd 2), $(sat etcd 3) | $(sat raftkv 2), $(sat raftkv 3) |"
  echo
  echo "Failover samples (ms): etcd $(fo "$fe" all_ms); RaftKV $(fo "$fr" all_ms)"
  echo
  echo "Loading $RSS_KEYS keys: $(tr '\n' ';' <"$WORK/load-results")"
} >"$WORK/table.md"
mkdir -p "$(dirname "$OUT_MD")"
cp "$WORK/table.md" "$OUT_MD"
cat "$WORK/table.md"
log "table written to $OUT_MD"
exit
}
