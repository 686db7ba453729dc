#!/usr/bin/env bash
# Resident set and heap per node of a 3-node RaftKV cluster after loading N keys of 256-byte values.
# Usage: bench/memory.sh [KEYS] (default 100000); JVM flags from RAFTKV_JAVA_OPTS as in bench/lib/cluster.sh.
# Prints per node: RSS (kB, from /proc), heap used after a full GC and committed heap (jcmd GC.heap_info).
set -euo pipefail
KEYS="${1:-100000}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="$ROOT/raftkv-cli/target/raftkv.jar"
WORK="$(mktemp -d)"
OPTS="${RAFTKV_JAVA_OPTS:--Xms32m -Xmx512m -XX:+UseG1GC -XX:G1PeriodicGCInterval=1000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -Dio.netty.allocator.numDirectArenas=1 -Dio.netty.allocator.numHeapArenas=1}"
BASE="${MEMORY_PORT_BASE:-47300}"
CLUSTER="n1=127.0.0.1:$((BASE+1)),n2=127.0.0.1:$((BASE+2)),n3=127.0.0.1:$((BASE+3))"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
for i in 1 2 3; do
  # shellcheck disable=SC2086
  java $OPTS -jar "$JAR" server --id n$i --data-dir "$WORK/n$i" --peer 127.0.0.1:$((BASE+i)) \
    --client 127.0.0.1:$((BASE+10+i)) --cluster "$CLUSTER" --election-timeout-ms 1000 --heartbeat-ms 100 --request-timeout-ms 30000 \
    > "$WORK/n$i.log" 2>&1 &
  PIDS+=($!)
done
ENDPOINTS="http://127.0.0.1:$((BASE+11)),http://127.0.0.1:$((BASE+12)),http://127.0.0.1:$((BASE+13))"
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$((BASE+11))/health" >/dev/null && break; sleep 0.5; done
java -jar "$JAR" bench --endpoints "$ENDPOINTS" --workload get --keys "$KEYS" --value-size 256 --duration 1s >/dev/null
sleep 5 # let the followers apply and G1's periodic GC shrink the heap
for i in 1 2 3; do
  p=${PIDS[$((i-1))]}
  jcmd "$p" GC.run >/dev/null
  rss=$(awk '/VmRSS/ {print $2}' /proc/"$p"/status)
  heap=$(jcmd "$p" GC.heap_info | awk '/total/ {sub(/ *\[.*/, ""); print; exit}')
  echo "n$i keys=$KEYS rss_kb=$rss heap: $heap"
done
