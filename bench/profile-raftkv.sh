#!/usr/bin/env bash
# profile-raftkv.sh: profiles a 3-node RaftKV under load with JDK Flight Recorder and prints the hot spots.
#
# Starts 3 nodes on loopback (same settings as compare-etcd.sh) with JFR on each, runs WORKLOAD for
# DURATION with 64 requests in flight (bench jar), stops the nodes with SIGTERM so JFR writes its file, and
# prints, for the leader and one follower: the top frames of jdk.ExecutionSample (self time), the top
# io.raftkv frames (first frame of our code on each sampled stack), and per-thread sample counts.
#
# Environment: WORKLOAD ("--workload put"), DURATION (20s), TOP (25), PORT_BASE (42000), RAFTKV_JAR, BENCH_JAR,
# KEEP=1 (keep the temp dir with the .jfr files).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORKLOAD="${WORKLOAD:---workload put}"
DURATION="${DURATION:-20s}"
TOP="${TOP:-25}"
PORT_BASE="${PORT_BASE:-42000}"
RAFTKV_JAR="${RAFTKV_JAR:-$ROOT/raftkv-cli/target/raftkv.jar}"
BENCH_JAR="${BENCH_JAR:-$ROOT/bench/target/raftkv-bench.jar}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/profile-raftkv.XXXXXX")"

cleanup() {
  local f
  for f in "$WORK"/n*.pid; do [ -f "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null || true; done
  if [ "${KEEP:-0}" = 1 ]; then echo "profile-raftkv: kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

CLUSTER="n1=127.0.0.1:$((PORT_BASE + 31)),n2=127.0.0.1:$((PORT_BASE + 32)),n3=127.0.0.1:$((PORT_BASE + 33))"
ENDPOINTS="http://127.0.0.1:$((PORT_BASE + 21)),http://127.0.0.1:$((PORT_BASE + 22)),http://127.0.0.1:$((PORT_BASE + 23))"
for i in 1 2 3; do
  java -XX:StartFlightRecording=filename="$WORK/n$i.jfr",dumponexit=true,settings=profile \
    -jar "$RAFTKV_JAR" server --id "n$i" --data-dir "$WORK/data-n$i" --peer "127.0.0.1:$((PORT_BASE + 30 + i))" \
    --client "127.0.0.1:$((PORT_BASE + 20 + i))" --cluster "$CLUSTER" --heartbeat-ms 40 --election-timeout-ms 200 \
    >"$WORK/n$i.log" 2>&1 </dev/null &
  echo $! >"$WORK/n$i.pid"
done
for i in 1 2 3; do
  deadline=$((SECONDS + 90))
  until curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$((PORT_BASE + 20 + i))/health"; do
    [ $SECONDS -lt $deadline ] || { echo "profile-raftkv: n$i not healthy" >&2; exit 1; }
    sleep 0.2
  done
done
# shellcheck disable=SC2086
java -jar "$BENCH_JAR" bench --target raftkv --endpoints "$ENDPOINTS" --inflight 64 $WORKLOAD --duration "$DURATION" \
  2>"$WORK/bench.err" || { echo "profile-raftkv: the bench failed:" >&2; grep -v '^\[' "$WORK/bench.err" >&2 || true; }
LEADER="$(curl -sf "http://127.0.0.1:$((PORT_BASE + 21))/v1/cluster" | sed -n 's/.*"leaderId" *: *"\([^"]*\)".*/\1/p')"
for i in 1 2 3; do kill -TERM "$(cat "$WORK/n$i.pid")"; done
for i in 1 2 3; do
  pid="$(cat "$WORK/n$i.pid")"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
done
FOLLOWER="n1"; [ "$LEADER" != n1 ] || FOLLOWER="n2"
for node in "$LEADER" "$FOLLOWER"; do
  role=follower; [ "$node" != "$LEADER" ] || role=leader
  echo "=== $node ($role): jdk.ExecutionSample ==="
  jfr print --events jdk.ExecutionSample "$WORK/$node.jfr" | python3 -c '
import re, sys, collections
top = int(sys.argv[1])
self_counts, ours, threads = collections.Counter(), collections.Counter(), collections.Counter()
frames, in_stack, total = [], False, 0
def flush():
    global total
    if frames:
        total += 1
        self_counts[frames[0]] += 1
        mine = next((f for f in frames if f.startswith("io.raftkv.")), None)
        if mine:
            ours[mine] += 1
for line in sys.stdin:
    s = line.strip()
    if s.startswith("jdk.ExecutionSample"):
        flush(); frames, in_stack = [], False
    elif s.startswith("sampledThread"):
        m = re.search(r"\"([^\"]*)\"", s)
        threads[re.sub(r"[-#]?\d+$", "", m.group(1)) if m else s] += 1
    elif s.startswith("stackTrace"):
        in_stack = True
    elif in_stack and s.startswith("]"):
        in_stack = False
    elif in_stack and s and s != "...":
        frames.append(re.sub(r"\s+line:.*$", "", s))
flush()
print(f"{total} samples")
for title, c in (("self (top frame)", self_counts), ("first io.raftkv frame", ours), ("thread", threads)):
    print(f"-- {title}")
    for k, v in c.most_common(top):
        print(f"{100.0 * v / max(total, 1):6.1f}%  {k}")
' "$TOP"
done
