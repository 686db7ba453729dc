# loadgen.sh: one measured run of a load generator against a cluster from cluster.sh (sourced, not run).
#
# Every function prints one line "ops_per_s p50_ms p99_ms errors server_cpu_us_per_op" ("n/a" where a field
# is unknown) and appends the generator's full output to $WORK/loadgen.log. Server CPU per operation is the
# user + system time of the system's nodes during the run (server_ticks) divided by the operations counted.
# Needs cluster.sh sourced and cluster_define called; ROOT, WORK, BENCH_JAR set.

# Seconds in a duration such as 10s, 2m or 500ms (the forms both wrk and the load tool accept).
duration_seconds() {
  awk -v d="$1" 'BEGIN { n = d + 0; u = substr(d, length(n "") + 1);
    if (u == "ms") n /= 1000; else if (u == "m") n *= 60; else if (u == "h") n *= 3600; print n }'
}

# Appends "epoch_seconds ticks" of a system's nodes to a file every 0.25 s until killed.
ticks_sampler() { # system file
  while :; do echo "$(date +%s.%N) $(server_ticks "$1")"; sleep 0.25; done >>"$2"
}

# RaftKV's own load tool with --json. Extra arguments go to `bench` as they are. Its warm-up runs in the same
# JVM just before the measured part, so the server CPU is taken over the measured window only: from samples
# every 0.25 s, between (exit time - the report's measured seconds) and the exit. The tool's exit follows its
# last measured request by a fraction of a second, so the window starts that much inside the warm-up (which
# ran the same load): an error of about 1-2% at 10 s.
tool_bench() { # system inflight duration warmup args...
  local system="$1" inflight="$2" duration="$3" warmup="$4"; shift 4
  local out sampler samples="$WORK/ticks-samples"
  : >"$samples"
  ticks_sampler "$system" "$samples" &
  sampler=$!
  out="$(java -jar "$BENCH_JAR" bench --target "$system" --endpoints "$(endpoints_of "$system")" \
    --inflight "$inflight" --duration "$duration" --warmup "$warmup" --json "$@" \
    2>>"$WORK/bench-progress.log")" || log "$system bench $*: failed (see $WORK/bench-progress.log)"
  echo "$(date +%s.%N) $(server_ticks "$system")" >>"$samples"
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  { echo "== tool $system inflight=$inflight $*"; echo "$out"; } >>"$WORK/loadgen.log"
  # The report is pretty-printed JSON with one field per line; the latency object's fields are unique names.
  echo "$out" | awk -F'[:,]' '
    { gsub(/[ "]/, "", $1); gsub(/ /, "", $2) }
    $1 == "ops" { n = $2 } $1 == "throughput" { ops = $2 } $1 == "p50" { p50 = $2 } $1 == "p99" { p99 = $2 }
    $1 == "errors" { errors = $2 } $1 == "seconds" { secs = $2 }
    END { if (ops == "") print "0 n/a n/a n/a 0 0"; else printf "%.0f %s %s %s %s %s\n", ops, p50, p99, errors, n, secs }' |
  while read -r ops p50 p99 errors n secs; do
    # Ticks at the window's start, interpolated between the two samples around it; the last sample is the exit.
    awk -v n="$n" -v secs="$secs" -v hz="$CLK_TCK" -v ops="$ops" -v p50="$p50" -v p99="$p99" -v errors="$errors" '
      { t[NR] = $1; k[NR] = $2 }
      END { start = t[NR] - secs; s = k[1]
            for (i = 2; i <= NR; i++) if (t[i] >= start) { f = (t[i] > t[i-1]) ? (start - t[i-1]) / (t[i] - t[i-1]) : 1
              if (f < 0) f = 0; s = k[i-1] + f * (k[i] - k[i-1]); break }
            printf "%s %s %s %s %s\n", ops, p50, p99, errors, (n > 0 ? sprintf("%.0f", (k[NR] - s) * 1e6 / hz / n) : "n/a") }' "$samples"
  done
}

# wrk (HTTP/1.1, one request in flight per connection) with bench/wrk/kv.lua. Threads are spread over the
# members round robin; with -t1 everything goes to member 1.
wrk_bench() { # system put|get connections threads duration [value_size] [keys]
  local system="$1" workload="$2" conns="$3" threads="$4" duration="$5" vsize="${6:-256}" keys="${7:-1000}"
  local addrs="" i out t0 t1 line
  for i in $(seq 1 "$MEMBERS"); do addrs="$addrs${addrs:+,}$(client_url "$system" "$i" | sed 's|^http://||')"; done
  t0="$(server_ticks "$system")"
  out="$(WRK_TARGET="$system" WRK_WORKLOAD="$workload" WRK_KEYS="$keys" WRK_VALUE_SIZE="$vsize" WRK_ADDRS="$addrs" \
    wrk -t "$threads" -c "$conns" -d "$duration" --latency --timeout 10s -s "$ROOT/bench/wrk/kv.lua" \
    "$(client_url "$system" 1)/" 2>&1)" || log "$system wrk $workload: wrk failed (see $WORK/loadgen.log)"
  t1="$(server_ticks "$system")"
  { echo "== wrk $system $workload -c$conns -t$threads -d$duration"; echo "$out"; } >>"$WORK/loadgen.log"
  line="$(echo "$out" | grep '^wrk_result ' | tail -1)"
  [ -n "$line" ] || { echo "0 n/a n/a n/a n/a"; return; }
  echo "$line" | tr ' ' '\n' | awk -F= -v ticks="$((t1 - t0))" -v hz="$CLK_TCK" '
    { f[$1] = $2 }
    END { errors = f["errors_connect"] + f["errors_read"] + f["errors_write"] + f["errors_status"] + f["errors_timeout"]
          printf "%.0f %.3f %.3f %d %s\n", f["requests"] / (f["duration_us"] / 1e6), f["p50_us"] / 1000, f["p99_us"] / 1000,
            errors, (f["requests"] > 0 ? sprintf("%.0f", ticks * 1e6 / hz / f["requests"]) : "n/a") }'
}

# Whether etcd's client port answers HTTP/2 cleartext (h2c) on its JSON gateway. etcd 3.4 hands every HTTP/2
# connection on an insecure client port to its gRPC server, which resets gateway requests.
etcd_speaks_h2c() {
  printf '{"key":"%s"}' "$(printf 'bench/key-00000000' | base64)" >"$WORK/h2c-probe.json"
  h2load -n 1 -c 1 -d "$WORK/h2c-probe.json" "$(etcd_client 1)/v3/kv/range" 2>&1 | grep -q '^status codes: 1 2xx'
}

# h2load over h2c, RaftKV only: one connection to member 1 with `inflight` concurrent streams (the shape of
# RaftKV's own load tool: one connection, many streams), the keys in order from a URI list, the warm-up
# unmeasured. Percentiles from h2load's per-request log.
h2load_bench() { # put|get inflight duration warmup [value_size] [keys]
  local workload="$1" inflight="$2" duration="$3" warmup="$4" vsize="${5:-256}" keys="${6:-1000}"
  local base i out t0 t1 args=()
  base="$(raftkv_client 1)"
  for i in $(seq 0 $((keys - 1))); do printf '%s/v1/kv/bench/key-%08d\n' "$base" "$i"; done >"$WORK/h2load-uris"
  if [ "$workload" = put ]; then
    head -c "$vsize" /dev/zero | tr '\0' 'v' >"$WORK/h2load-value"
    args=(-d "$WORK/h2load-value" -H ':method: PUT' -H 'content-type: application/octet-stream')
  fi
  rm -f "$WORK/h2load-requests.log"
  t0="$(server_ticks raftkv)"
  out="$(h2load -c 1 -t 1 -m "$inflight" -D "$duration" --warm-up-time "$warmup" -i "$WORK/h2load-uris" "${args[@]}" \
    --log-file "$WORK/h2load-requests.log" 2>&1)" || log "raftkv h2load $workload: h2load failed (see $WORK/loadgen.log)"
  t1="$(server_ticks raftkv)"
  { echo "== h2load raftkv $workload -m$inflight -D$duration"; echo "$out"; } >>"$WORK/loadgen.log"
  [ -s "$WORK/h2load-requests.log" ] || { echo "0 n/a n/a n/a n/a"; return; }
  # Columns: start µs since epoch, status, µs to the end of the response (only the measured period is logged).
  sort -t $'\t' -k3,3n "$WORK/h2load-requests.log" | awk -F'\t' -v secs="$(duration_seconds "$duration")" \
    -v ticks="$((t1 - t0))" -v hz="$CLK_TCK" '
    { d[NR] = $3; if ($2 !~ /^2/) errors++ }
    END { p50 = d[int(NR * 0.50 + 0.999999)]; p99 = d[int(NR * 0.99 + 0.999999)]
          printf "%.0f %.3f %.3f %d %.0f\n", NR / secs, p50 / 1000, p99 / 1000, errors, ticks * 1e6 / hz / NR }'
}

# Result files of the bench scripts hold lines "row|system|ops p50 p99 errors cpu[|...]": a markdown note
# naming the runs that had errors, nothing when none had.
errors_note() { # file
  local errs
  errs="$(awk -F'|' '{ split($3, f, " "); if (f[4] != "n/a" && f[4] > 0) print $1 " " $2 ": " f[4] " errors" }' "$1")"
  [ -z "$errs" ] || { echo; echo "Errors: $errs" | tr '\n' ';'; echo; }
}

# Copies the finished table to its place under bench/target and prints it.
publish_table() { # table.md out.md
  mkdir -p "$(dirname "$2")"
  cp "$1" "$2"
  cat "$1"
  log "table written to $2"
}
