# external-load.sh: compare-etcd.sh's runs with load generators that are not RaftKV's own (wrk, h2load) and
# its light-load rows (1 request in flight). Sourced after cluster.sh and loadgen.sh; uses compare-etcd.sh's
# ROUNDS, DURATION, BENCH_WARMUP, INFLIGHT and median().
#
# Owns $WORK/external-results, one line per run: "row|target|ops p50 p99 errors cpu_us_per_op".
# Switches: WRK (1), H2LOAD (1), LIGHT (1); WRK_CONNECTIONS (63: wrk keeps one request in flight per
# connection and gives each thread connections/threads of them, so a multiple of the threads near 64),
# WRK_THREADS (3, one per member).

WRK="${WRK:-1}"
H2LOAD="${H2LOAD:-1}"
LIGHT="${LIGHT:-1}"
WRK_CONNECTIONS="${WRK_CONNECTIONS:-63}"
WRK_THREADS="${WRK_THREADS:-3}"

external_results() { echo "$WORK/external-results"; }

external_enabled() { [ "$WRK" = 1 ] || [ "$H2LOAD" = 1 ] || [ "$LIGHT" = 1 ]; }

external_record() { # row target result
  log "round $round $1 $2: ops/s p50_ms p99_ms errors cpu_us/op = $3"
  echo "$1|$2|$3" >>"$(external_results)"
}

external_measure() {
  external_enabled || return 0
  HAVE_WRK=0; HAVE_H2LOAD=0; ETCD_H2C=0
  if [ "$WRK" = 1 ] || [ "$LIGHT" = 1 ]; then ensure_command wrk wrk && HAVE_WRK=1; fi
  if [ "$H2LOAD" = 1 ]; then ensure_command h2load nghttp2-client && HAVE_H2LOAD=1; fi
  # Every get below must find its key in both systems (RaftKV answers 404 otherwise, which wrk counts as an
  # error, while etcd answers 200 with no kvs): write all 1000 keys once.
  for target in etcd raftkv; do cluster_preload "$target" 1000 256 "$INFLIGHT" >&2 || log "$target: preload had failures"; done
  if [ "$HAVE_H2LOAD" = 1 ] && etcd_speaks_h2c; then ETCD_H2C=1; fi
  local w target
  for round in $(seq 1 "$ROUNDS"); do
    if [ "$WRK" = 1 ] && [ "$HAVE_WRK" = 1 ]; then
      for w in put get; do
        for target in etcd raftkv; do
          external_record "wrk $w" "$target" "$(wrk_bench "$target" "$w" "$WRK_CONNECTIONS" "$WRK_THREADS" "$DURATION")"
        done
      done
    fi
    if [ "$HAVE_H2LOAD" = 1 ]; then
      for w in put get; do
        external_record "h2load $w" raftkv "$(h2load_bench "$w" "$INFLIGHT" "$DURATION" "$BENCH_WARMUP")"
      done
    fi
    if [ "$LIGHT" = 1 ]; then
      for w in put get; do
        for target in etcd raftkv; do
          external_record "light tool $w" "$target" \
            "$(tool_bench "$target" 1 "$DURATION" "$BENCH_WARMUP" --workload "$w" --value-size 256)"
          if [ "$HAVE_WRK" = 1 ]; then
            external_record "light wrk $w" "$target" "$(wrk_bench "$target" "$w" 1 1 "$DURATION")"
          fi
        done
      done
    fi
  done
}

external_field() { # row target column(1=ops 2=p50 3=p99 4=errors 5=cpu) -> median over rounds, n/a if none
  local v
  v="$(awk -F'|' -v r="$1" -v t="$2" '$1 == r && $2 == t { print $3 }' "$(external_results)" 2>/dev/null \
    | awk -v c="$3" '$c != "n/a" { print $c }')"
  if [ -z "$v" ]; then echo "n/a"; else echo "$v" | median; fi
}

external_ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "n/a" && b != "n/a" && b > 0) printf "%.2f", a / b; else print "n/a" }'; }

external_table() {
  external_enabled || return 0
  [ -s "$(external_results)" ] || { echo; echo "Independent load generators: nothing measured (see the log)."; return 0; }
  local row label inflight eo ro
  echo
  echo "### Independent load generators"
  echo
  echo "wrk $(wrk -v 2>&1 | head -1 | awk '{ print $2 }'): HTTP/1.1, one request in flight per connection, the same"
  echo "connections, threads (spread over the members) and duration for both systems, 1000 keys, 256-byte values"
  echo "(bench/wrk/kv.lua: RaftKV \`PUT\`/\`GET /v1/kv/{key}\`, etcd's JSON gateway \`POST /v3/kv/put\` and \`/v3/kv/range\`,"
  echo "base64 JSON, linearizable). h2load: h2c, one connection to member 1 with $INFLIGHT streams, keys in order;"
  if [ "${ETCD_H2C:-0}" = 1 ]; then
    echo "etcd's gateway answered h2c too."
  else
    echo "RaftKV only: etcd 3.4's client port hands every HTTP/2 connection to its gRPC server, which resets JSON gateway requests."
  fi
  echo "p99 from wrk's latency distribution and h2load's per-request log; median of $ROUNDS rounds of $DURATION."
  echo
  echo "| tool, workload | in flight | etcd ops/s | etcd p99 ms | RaftKV ops/s | RaftKV p99 ms | RaftKV/etcd ops/s | etcd CPU µs/op | RaftKV CPU µs/op |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  for row in "wrk put|wrk put|$WRK_CONNECTIONS" "wrk get|wrk get (linearizable)|$WRK_CONNECTIONS" \
    "h2load put|h2load put (h2c)|$INFLIGHT" "h2load get|h2load get (linearizable, h2c)|$INFLIGHT"; do
    IFS='|' read -r key label inflight <<<"$row"
    grep -q "^$key|" "$(external_results)" || continue
    eo="$(external_field "$key" etcd 1)"; ro="$(external_field "$key" raftkv 1)"
    echo "| $label | $inflight | $eo | $(external_field "$key" etcd 3) | $ro | $(external_field "$key" raftkv 3) |" \
      "$(external_ratio "$ro" "$eo") | $(external_field "$key" etcd 5) | $(external_field "$key" raftkv 5) |"
  done
  if grep -q '^light ' "$(external_results)"; then
    echo
    echo "### Light load: 1 request in flight"
    echo
    echo "raftkv-bench: \`bench --inflight 1\` (after $BENCH_WARMUP unmeasured); wrk: \`-c1 -t1\`, member 1 of each system."
    echo
    echo "| tool, workload | etcd p50 ms | etcd p99 ms | RaftKV p50 ms | RaftKV p99 ms | etcd CPU µs/op | RaftKV CPU µs/op |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for row in "light tool put|raftkv-bench put" "light tool get|raftkv-bench get (linearizable)" \
      "light wrk put|wrk put" "light wrk get|wrk get (linearizable)"; do
      IFS='|' read -r key label <<<"$row"
      grep -q "^$key|" "$(external_results)" || continue
      echo "| $label | $(external_field "$key" etcd 2) | $(external_field "$key" etcd 3) | $(external_field "$key" raftkv 2) |" \
        "$(external_field "$key" raftkv 3) | $(external_field "$key" etcd 5) | $(external_field "$key" raftkv 5) |"
    done
  fi
  errors_note "$(external_results)"
}
