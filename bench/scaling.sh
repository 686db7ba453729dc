#!/usr/bin/env bash
# scaling.sh: how RaftKV and etcd 3.4 scale with value size, cluster size, data size and load, side by side.
#
# Rows (each with the same settings for both systems, etcd first, then RaftKV; every row on fresh, empty
# clusters of one system at a time, on loopback, fsync on, heartbeat 40 ms, election timeout 200 ms, as in
# compare-etcd.sh, whose cluster functions it shares through bench/lib/cluster.sh):
#   values    value size 256 B / 4 KiB / 64 KiB, 3 members, 64 in flight
#   members   3 / 5 / 7 members, 256 B, 64 in flight
#   keys      100k keys preloaded (and 1M, opt-in, see below), then puts over all of them; 256 B, 64 in flight
#   inflight  1 / 16 / 64 / 256 requests in flight, 3 members, 256 B
# Rows with the same settings (values 256 B = members 3 = in flight 64) are measured once and shown in each
# group. Per row and system: start the cluster, $WARMUP of unmeasured mixed load, the preload if any, then
# RaftKV's load tool (`bench --workload $WORKLOAD --json`, $BENCH_WARMUP unmeasured in the same JVM, then
# $DURATION measured): ops/s, p99, server CPU µs/op over the measured window (user + system time of all
# nodes), RSS per node afterwards; then the cluster is killed and its data deleted.
# Prints a markdown table and writes it to bench/target/scaling.md. Removes every process and temp dir it
# started on exit.
#
# Environment: DURATION (10s), WARMUP (60s: with 10 s, C2 compilation of the fresh JVMs was still most of
# RaftKV's CPU in the measured window and the rows measured the JIT, e.g. 256 B puts 0.76x etcd with a 10 s
# warm-up, 1.59x with 60 s, in the same hour), BENCH_WARMUP (5s), WORKLOAD (put; or get, mixed for the rows
# other than keys, which always put: a get run would preload every key again), ROWS (values,members,keys,inflight;
# a group or group:label, e.g. ROWS=values:64KiB,inflight:1), KEYS_1M=1 (add the 1M keys row: the preload
# alone takes 4-8 min per system on 2 cores; also ROWS=keys:1M), RAFTKV_JAVA_OPTS (default those of
# `raftkv local`), RAFTKV_JAVA_OPTS_1M (for the 1M row, default the same with -Xmx2g: at -Xmx512m a node
# runs out of heap serializing a snapshot of 1M keys), PORT_BASE (24000, below Linux's ephemeral ports 32768-60999: at
# 44000 a 7-member run lost a node whose peer port an outgoing connection had taken; compare-etcd.sh uses 41000,
# profile-raftkv.sh 42000), RAFTKV_JAR / BENCH_JAR,
# SKIP_BUILD=1, KEEP=1 (keep the temp dir with the logs). A full run at the defaults takes about 30 minutes,
# plus about 10 with KEYS_1M=1.
set -euo pipefail
# The whole script is one compound command, parsed before it runs: editing the file during a run is safe.
{

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-60s}"
BENCH_WARMUP="${BENCH_WARMUP:-5s}"
WORKLOAD="${WORKLOAD:-put}"
ROWS="${ROWS:-values,members,keys,inflight}"
KEYS_1M="${KEYS_1M:-0}"
# Cluster layout and the defaults shared with compare-etcd.sh: RAFTKV_JAVA_OPTS, heartbeat, election timeout, jars.
# shellcheck source=lib/cluster.sh
source "$ROOT/bench/lib/cluster.sh"
RAFTKV_JAVA_OPTS_1M="${RAFTKV_JAVA_OPTS_1M:-${RAFTKV_JAVA_OPTS/-Xmx512m/-Xmx2g}}"
PORT_BASE="${PORT_BASE:-24000}"
OUT_MD="$ROOT/bench/target/scaling.md"
case "$WORKLOAD" in put | get | mixed) ;; *) echo "scaling: WORKLOAD must be put, get or mixed" >&2; exit 2 ;; esac

WORK="$(mktemp -d "${TMPDIR:-/tmp}/scaling.XXXXXX")"

log() { echo "scaling: $*" >&2; }

# shellcheck source=lib/loadgen.sh
source "$ROOT/bench/lib/loadgen.sh"

cleanup() {
  cluster_cleanup
  if [ "${KEEP:-0}" = 1 ]; then log "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

ensure_command etcd etcd-server || exit 1
build_jars

# group|label|members|value bytes|keys preloaded (0: none, the tool's 1000 keys)|in flight
ALL_ROWS=("values|256 B|3|256|0|64" "values|4 KiB|3|4096|0|64" "values|64 KiB|3|65536|0|64"
  "members|3|3|256|0|64" "members|5|5|256|0|64" "members|7|7|256|0|64"
  "keys|100k|3|256|100000|64" "keys|1M|3|256|1000000|64"
  "inflight|1|3|256|0|1" "inflight|16|3|256|0|16" "inflight|64|3|256|0|64" "inflight|256|3|256|0|256")

selected() { # group label -> whether ROWS (or KEYS_1M) asks for this row
  local id="$1:${2// /}" want
  if [ "$id" = "keys:1M" ] && [ "$KEYS_1M" = 1 ]; then return 0; fi
  for want in ${ROWS//,/ }; do
    if [ "$want" = "$id" ] || { [ "$want" = "$1" ] && [ "$id" != "keys:1M" ]; }; then return 0; fi
  done
  return 1
}

row_name() { # group label -> the row's name in the table
  case "$1" in
    values) echo "value $2" ;; members) echo "$2 members" ;; keys) echo "$2 keys" ;; *) echo "$2 in flight" ;;
  esac
}

# One system, one row: fresh cluster, warm-up, preload, measured run, RSS; appends to $WORK/results
# "name|system|ops p50 p99 errors cpu|rss|preload seconds" (name: the first row with these settings).
measure() { # system members vsize keys inflight name
  local system="$1" members="$2" vsize="$3" keys="$4" inflight="$5" name="$6"
  local workload="$WORKLOAD" keyspace=1000 preload_s="" t0 result rss
  if [ "$keys" -gt 0 ]; then workload=put; keyspace="$keys"; fi
  cluster_define "$members"
  echo "=== $name" >>"$WORK/bench-progress.log"
  cluster_start "$system"
  cluster_await "$system"
  # RaftKV's JVMs start interpreted; the warm-up lets the JIT compile the hot paths (etcd is compiled Go, the
  # same warm-up keeps the two runs alike).
  java -jar "$BENCH_JAR" bench --target "$system" --endpoints "$(endpoints_of "$system")" --inflight 64 \
    --workload mixed --read-ratio 0.5 --value-size "$vsize" --duration "$WARMUP" >/dev/null \
    2>>"$WORK/bench-progress.log" || log "$system: warm-up failed (see $WORK/bench-progress.log)"
  if [ "$keys" -gt 0 ]; then
    log "$system: preloading $keys keys of $vsize bytes"
    t0=$SECONDS
    cluster_preload "$system" "$keys" "$vsize" 64 >&2 || log "$system: preload of $keys keys had failures"
    preload_s=$((SECONDS - t0))
  fi
  result="$(tool_bench "$system" "$inflight" "$DURATION" "$BENCH_WARMUP" --workload "$workload" \
    --value-size "$vsize" --keys "$keyspace")"
  sleep 2 # let background work (etcd's backend commit, RaftKV's snapshot) settle before sampling memory
  rss="$(cluster_rss "$system")"
  log "$name $system: ops/s p50_ms p99_ms errors cpu_us/op = $result; RSS MB $rss"
  echo "$name|$system|$result|$rss|$preload_s" >>"$WORK/results"
  cluster_destroy "$system"
}

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
log "work dir $WORK; load average before: $LOAD_BEFORE"
: >"$WORK/results"
ROWS_RUN=()
declare -A MEASURED_AS # settings -> name of the row that measured them
for row in "${ALL_ROWS[@]}"; do
  IFS='|' read -r group label members vsize keys inflight <<<"$row"
  selected "$group" "$label" || continue
  ROWS_RUN+=("$row")
  settings="m$members v$vsize k$keys i$inflight"
  if [ -n "${MEASURED_AS[$settings]:-}" ]; then log "$group $label: same settings as ${MEASURED_AS[$settings]}, reused"; continue; fi
  MEASURED_AS[$settings]="$(row_name "$group" "$label")"
  saved_opts="$RAFTKV_JAVA_OPTS"
  [ "$keys" -lt 1000000 ] || RAFTKV_JAVA_OPTS="$RAFTKV_JAVA_OPTS_1M"
  for system in etcd raftkv; do
    log "$group $label: $system"
    measure "$system" "$members" "$vsize" "$keys" "$inflight" "${MEASURED_AS[$settings]}"
  done
  RAFTKV_JAVA_OPTS="$saved_opts"
done
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
[ "${#ROWS_RUN[@]}" -gt 0 ] || { log "ROWS=$ROWS selects no row"; exit 2; }

# --- table ------------------------------------------------------------------------------------------------
col() { # name system column(1=ops 2=p50 3=p99 4=errors 5=cpu 6=rss 7=preload s)
  awk -F'|' -v s="$1" -v t="$2" -v c="$3" '$1 == s && $2 == t {
    if (c <= 5) { split($3, f, " "); print f[c] } else print $(c - 2) }' "$WORK/results" | tail -1
}
{
  echo "## Scaling: RaftKV vs etcd $(etcd --version | head -1 | awk '{print $3}') — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Each row: fresh clusters on 127.0.0.1, one system at a time (etcd, then RaftKV), fsync on, heartbeat"
  echo "${HEARTBEAT_MS} ms, election timeout ${ELECTION_MS} ms; one client (RaftKV's load tool, \`bench --workload $WORKLOAD\`;"
  echo "the keys rows put over the preloaded keys), 1000 keys unless preloaded; $WARMUP of unmeasured load after"
  echo "the start, then $BENCH_WARMUP unmeasured and $DURATION measured in the same client."
  echo "RaftKV JVM flags: $RAFTKV_JAVA_OPTS$(selected keys 1M && echo " (1M keys row: $RAFTKV_JAVA_OPTS_1M)")."
  echo "Machine: $(nproc) cores; load average before $LOAD_BEFORE, after $LOAD_AFTER."
  echo "CPU µs/op: user + system CPU time of all server processes during the measured window, divided by its"
  echo "operations (the load tool's own CPU not included). RSS: VmRSS of each node after the run, MB."
  echo
  echo "| row | etcd ops/s | etcd p99 ms | RaftKV ops/s | RaftKV p99 ms | RaftKV/etcd ops/s | etcd CPU µs/op | RaftKV CPU µs/op | etcd RSS MB | RaftKV RSS MB |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for row in "${ROWS_RUN[@]}"; do
    IFS='|' read -r group label members vsize keys inflight <<<"$row"
    name="$(row_name "$group" "$label")"
    measured="${MEASURED_AS["m$members v$vsize k$keys i$inflight"]}"
    [ "$measured" = "$name" ] || name="$name (the $measured run)"
    eo="$(col "$measured" etcd 1)"; ro="$(col "$measured" raftkv 1)"
    ratio="$(awk -v a="$ro" -v b="$eo" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }')"
    echo "| $name | $eo | $(col "$measured" etcd 3) | $ro | $(col "$measured" raftkv 3) | $ratio | $(col "$measured" etcd 5) |" \
      "$(col "$measured" raftkv 5) | $(col "$measured" etcd 6) | $(col "$measured" raftkv 6) |"
  done
  preloads="$(awk -F'|' '$5 != "" { print $1 " " $2 ": " $5 " s" }' "$WORK/results" | tr '\n' ';')"
  [ -z "$preloads" ] || { echo; echo "Preload time ($(echo "$preloads" | sed 's/;$//; s/;/; /g'))."; }
  errors_note "$WORK/results"
} >"$WORK/table.md"
publish_table "$WORK/table.md" "$OUT_MD"
exit
}
