#!/usr/bin/env bash
# What watching a node costs the node: CPU of a 3-node RaftKV cluster under a steady put load, measured in
# alternating windows with nobody watching, with the dashboard (/ui) open in headless Chromium, and with a
# scraper reading /metrics of every node once a second. Windows alternate (none, page, scrape, none, ...)
# so the machine's background noise falls on all three alike; the ratios are the result, not the
# absolute numbers.
#
# Usage: bench/observe-overhead.sh [ROUNDS] [WINDOW_SECONDS] [RATE]   (defaults 3, 20, 300 puts/s)
# Needs raftkv-cli/target/raftkv.jar (mvn -DskipTests package -pl raftkv-cli -am) and /usr/bin/chromium.
# Prints one line per window and a summary: median node CPU (percent of one core, all 3 nodes summed) per
# condition and its ratio to the unobserved windows.
set -euo pipefail
ROUNDS="${1:-3}"
WINDOW="${2:-20}"
RATE="${3:-300}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
JAR="$ROOT/raftkv-cli/target/raftkv.jar"
WORK="$(mktemp -d)"
OPTS="${RAFTKV_JAVA_OPTS:--Xms32m -Xmx512m -XX:+UseG1GC -XX:G1PeriodicGCInterval=1000 -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -Dio.netty.allocator.numDirectArenas=1 -Dio.netty.allocator.numHeapArenas=1}"
BASE="${OBSERVE_PORT_BASE:-47400}"
CLUSTER="n1=127.0.0.1:$((BASE+1)),n2=127.0.0.1:$((BASE+2)),n3=127.0.0.1:$((BASE+3))"
NODES=()
OTHERS=()
cleanup() {
  for p in "${OTHERS[@]}" "${NODES[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "# $*" >&2; }

for i in 1 2 3; do
  # shellcheck disable=SC2086
  java $OPTS -jar "$JAR" server --id n$i --data-dir "$WORK/n$i" --peer 127.0.0.1:$((BASE+i)) \
    --client 127.0.0.1:$((BASE+10+i)) --cluster "$CLUSTER" > "$WORK/n$i.log" 2>&1 &
  NODES+=($!)
done
ENDPOINTS="http://127.0.0.1:$((BASE+11)),http://127.0.0.1:$((BASE+12)),http://127.0.0.1:$((BASE+13))"
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$((BASE+11))/readyz" >/dev/null && break
  sleep 0.5
done
TOTAL=$(( ROUNDS * 3 * (WINDOW + 5) + 30 ))
java -jar "$JAR" bench --endpoints "$ENDPOINTS" --workload put --rate "$RATE" --duration "${TOTAL}s" \
  --keys 1000 --value-size 256 > "$WORK/load.txt" 2>&1 &
LOAD=$!
OTHERS+=("$LOAD")
sleep 10 # the load's warm-up: JIT and connection set-up, not a synchronisation

ticks() { # summed utime+stime of the three nodes, in clock ticks
  local sum=0 p
  for p in "${NODES[@]}"; do
    sum=$(( sum + $(awk '{print $14 + $15}' "/proc/$p/stat") ))
  done
  echo "$sum"
}
HZ=$(getconf CLK_TCK)

start_observer() { # condition -> pid of the observer, or nothing
  case "$1" in
    none) ;;
    page)
      /usr/bin/chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-quic \
        --no-first-run --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$WORK/chromium-$RANDOM" --remote-debugging-port=0 --window-size=1280,800 \
        "http://127.0.0.1:$((BASE+11))/ui" > "$WORK/chromium.log" 2>&1 &
      echo $! ;;
    scrape)
      ( while true; do
          for i in 1 2 3; do curl -s "http://127.0.0.1:$((BASE+10+i))/metrics" > /dev/null; done
          sleep 1
        done ) &
      echo $! ;;
  esac
}

declare -A SAMPLES
for round in $(seq 1 "$ROUNDS"); do
  for cond in none page scrape; do
    obs=$(start_observer "$cond")
    [ -n "$obs" ] && OTHERS+=("$obs")
    sleep 4 # the page loads and opens its streams before the window starts
    t0=$(ticks); s0=$(date +%s.%N)
    sleep "$WINDOW"
    t1=$(ticks); s1=$(date +%s.%N)
    if [ -n "$obs" ]; then pkill -P "$obs" 2>/dev/null || true; kill "$obs" 2>/dev/null || true; fi
    pct=$(awk -v t=$((t1 - t0)) -v hz="$HZ" -v a="$s0" -v b="$s1" 'BEGIN {printf "%.1f", 100 * t / hz / (b - a)}')
    echo "round $round $cond: nodes' CPU ${pct}% of one core"
    SAMPLES[$cond]="${SAMPLES[$cond]:-} $pct"
    sleep 1
  done
done
kill "$LOAD" 2>/dev/null || true

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
base=$(echo "${SAMPLES[none]}" | median)
for cond in none page scrape; do
  m=$(echo "${SAMPLES[$cond]}" | median)
  awk -v c="$cond" -v m="$m" -v b="$base" 'BEGIN {printf "%-7s median %5.1f%%  ratio %.2f\n", c, m, m / b}'
done
echo "load: $(grep -E 'ops/s|throughput' "$WORK/load.txt" | head -2 | tr '\n' ' ')"
