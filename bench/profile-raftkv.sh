#!/usr/bin/env bash
# profile-raftkv.sh: profiles a 3-node RaftKV under load with JDK Flight Recorder and prints the hot spots.
#
# Starts 3 nodes on loopback (same settings as compare-etcd.sh) with JFR on each, runs WORKLOAD unmeasured for
# WARMUP (JIT warm-up; starting JFR only after it made the JIT recompile, 59% of the leader's CPU), runs WORKLOAD
# for DURATION with 64 requests in flight (bench jar), dumps the recordings (jcmd; they include the warm-up,
# the CPU per thread does not), stops the nodes, and
# prints, for the leader and one follower: CPU seconds per thread over the load (from /proc, so GC, JIT and
# Netty threads are counted too, bench/lib/thread-cpu.py), the top frames of jdk.ExecutionSample (self time), the top
# io.raftkv frames (first frame of our code on each sampled stack), and per-thread sample counts.
#
# Environment: WORKLOAD ("--workload put"), WARMUP (60s; 0 for none), DURATION (20s), TOP (25), PORT_BASE (42000), RAFTKV_JAR, BENCH_JAR,
# RAFTKV_JAVA_OPTS (default those of `raftkv local`),
# KEEP=1 (keep the temp dir with the .jfr files).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORKLOAD="${WORKLOAD:---workload put}"
DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-60s}"
TOP="${TOP:-25}"
PORT_BASE="${PORT_BASE:-42000}"
# RAFTKV_JAVA_OPTS (the JVM flags of `raftkv local`, as in compare-etcd.sh and scaling.sh), RAFTKV_JAR, BENCH_JAR.
# shellcheck source=lib/cluster.sh
source "$ROOT/bench/lib/cluster.sh"
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
  # shellcheck disable=SC2086
  java $RAFTKV_JAVA_OPTS -XX:StartFlightRecording=name=profile,settings=profile -jar "$RAFTKV_JAR" server --id "n$i" --data-dir "$WORK/data-n$i" --peer "127.0.0.1:$((PORT_BASE + 30 + i))" \
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
# Unmeasured load first: a fresh JVM spends most of its first tens of seconds of CPU in the JIT compilers
# (C2 was 38% of the leader's CPU in a 20 s run straight after start), which is not the steady state.
if [ "$WARMUP" != 0 ] && [ "$WARMUP" != 0s ]; then
  # shellcheck disable=SC2086
  java -jar "$BENCH_JAR" bench --target raftkv --endpoints "$ENDPOINTS" --inflight 64 $WORKLOAD --duration "$WARMUP" \
    >/dev/null 2>"$WORK/warmup.err" || { echo "profile-raftkv: the warm-up failed" >&2; exit 1; }
fi
THREAD_CPU="$ROOT/bench/lib/thread-cpu.py"
for i in 1 2 3; do python3 "$THREAD_CPU" snap "$(cat "$WORK/n$i.pid")" "$WORK/n$i.cpu-before"; done
# shellcheck disable=SC2086
java -jar "$BENCH_JAR" bench --target raftkv --endpoints "$ENDPOINTS" --inflight 64 $WORKLOAD --duration "$DURATION" \
  2>"$WORK/bench.err" | tee "$WORK/bench.out" \
  || { echo "profile-raftkv: the bench failed:" >&2; grep -v '^\[' "$WORK/bench.err" >&2 || true; }
LEADER="$(curl -sf "http://127.0.0.1:$((PORT_BASE + 21))/v1/cluster" | sed -n 's/.*"leaderId" *: *"\([^"]*\)".*/\1/p')"
for i in 1 2 3; do python3 "$THREAD_CPU" snap "$(cat "$WORK/n$i.pid")" "$WORK/n$i.cpu-after"; done
OPS="$(sed -n 's/.*: \([0-9]*\) ops in .*/\1/p' "$WORK/bench.out" | head -1)"
CPU_S=0
for i in 1 2 3; do
  CPU_S="$(python3 -c "print($CPU_S + $(python3 "$THREAD_CPU" total "$WORK/n$i.cpu-before" "$WORK/n$i.cpu-after"))")"
done
echo "servers: $CPU_S s CPU in the 3 nodes for ${OPS:-?} ops = $(python3 -c "print(round($CPU_S * 1e6 / max(${OPS:-0}, 1)))") us per op"
for i in 1 2 3; do
  jcmd "$(cat "$WORK/n$i.pid")" JFR.dump name=profile filename="$WORK/n$i.jfr" >/dev/null
done
for i in 1 2 3; do kill -TERM "$(cat "$WORK/n$i.pid")"; done
for i in 1 2 3; do
  pid="$(cat "$WORK/n$i.pid")"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
done
FOLLOWER="n1"; [ "$LEADER" != n1 ] || FOLLOWER="n2"
for node in "$LEADER" "$FOLLOWER"; do
  role=follower; [ "$node" != "$LEADER" ] || role=leader
  echo "=== $node ($role): CPU per thread during the load (from /proc; GC and JIT threads included) ==="
  python3 "$THREAD_CPU" diff "$WORK/$node.cpu-before" "$WORK/$node.cpu-after" "$TOP"
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
