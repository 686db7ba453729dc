#!/usr/bin/env bash
# What watching a node costs the node: CPU of a 3-node RaftKV cluster under a steady put load, measured in
# alternating windows with nobody watching, with the dashboard (/ui) open in headless Chromium, and with a
# scraper reading /metrics of every node once a second. Windows alternate (none, page, scrape, none, ...)
# so the machine's background noise falls on all three alike; the ratios are the result, not the
# absolute numbers.
#
# Usage: bench/observe-overhead.sh [ROUNDS] [WINDOW_SECONDS] [RATE]   (defaults 3, 20, 300 puts/s)
# Builds raftkv.jar unless SKIP_BUILD=1 (bench/lib/cluster.sh); needs /usr/bin/chromium. Ports from PORT_BASE (47400).
# Prints one line per window and a summary: median node CPU (percent of one core, all 3 nodes summed) per
# condition and its ratio to the unobserved windows.
set -euo pipefail
ROUNDS="${1:-3}"
WINDOW="${2:-20}"
RATE="${3:-300}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
PORT_BASE="${PORT_BASE:-47400}"
log() { echo "# $*" >&2; }
# Cluster layout, JVM flags and process bookkeeping shared with compare-etcd.sh and scaling.sh.
# shellcheck source=lib/cluster.sh
source "$ROOT/bench/lib/cluster.sh"
OTHERS=()
cleanup() {
  for p in "${OTHERS[@]}"; do kill "$p" 2>/dev/null || true; done
  cluster_cleanup
  rm -rf "$WORK"
}
trap cleanup EXIT

build_jars
cluster_define 3
cluster_start raftkv
cluster_await raftkv
TOTAL=$(( ROUNDS * 3 * (WINDOW + 5) + 30 ))
java -jar "$RAFTKV_JAR" bench --endpoints "$RAFTKV_ENDPOINTS" --workload put --rate "$RATE" --duration "${TOTAL}s" \
  --keys 1000 --value-size 256 > "$WORK/load.txt" 2>&1 &
LOAD=$!
OTHERS+=("$LOAD")
sleep 10 # the load's warm-up: JIT and connection set-up, not a synchronisation

start_observer() { # condition -> pid of the observer, or nothing
  case "$1" in
    none) ;;
    page)
      /usr/bin/chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-quic \
        --no-first-run --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$WORK/chromium-$RANDOM" --remote-debugging-port=0 --window-size=1280,800 \
        "$(raftkv_client 1)/ui" > "$WORK/chromium.log" 2>&1 &
      echo $! ;;
    scrape)
      ( while true; do
          for i in 1 2 3; do curl -s "$(raftkv_client "$i")/metrics" > /dev/null; done
          sleep 1
        done ) > /dev/null 2>&1 & # not the caller's $(...) pipe, or the substitution waits for the loop
      echo $! ;;
  esac
}

declare -A SAMPLES
for round in $(seq 1 "$ROUNDS"); do
  for cond in none page scrape; do
    obs=$(start_observer "$cond")
    [ -n "$obs" ] && OTHERS+=("$obs")
    sleep 4 # the page loads and opens its streams before the window starts
    t0=$(server_ticks raftkv); s0=$(date +%s.%N)
    sleep "$WINDOW"
    t1=$(server_ticks raftkv); s1=$(date +%s.%N)
    if [ -n "$obs" ]; then pkill -P "$obs" 2>/dev/null || true; kill "$obs" 2>/dev/null || true; fi
    pct=$(awk -v t=$((t1 - t0)) -v hz="$CLK_TCK" -v a="$s0" -v b="$s1" 'BEGIN {printf "%.1f", 100 * t / hz / (b - a)}')
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
echo "load: $(grep -E "ops/s" "$WORK/load.txt" | tail -1)"
