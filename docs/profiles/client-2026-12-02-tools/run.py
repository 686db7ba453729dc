#!/usr/bin/env python3
"""run.py JAR LABEL WORKLOAD [extra java opts...]: runs `bench` (64 in flight, 5 s warmup, 20 s) against the
45021-3 cluster and prints ops/s and client CPU us/op measured from /proc/<pid>/stat between the first and
last progress line of the measured run."""
import subprocess, sys, re, os, json
jar, label, workload = sys.argv[1:4]
jopts = sys.argv[4:]
tck = os.sysconf('SC_CLK_TCK')
eps = "http://127.0.0.1:45021,http://127.0.0.1:45022,http://127.0.0.1:45023"
args = ["java"] + jopts + ["-jar", jar, "bench", "--endpoints", eps, "--inflight", "64", "--warmup", "5s",
        "--duration", "20s", "--json"]
if workload == "get":
    args += ["--workload", "get"]
else:
    args += ["--workload", "put"]
p = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
def cpu():
    with open(f"/proc/{p.pid}/stat") as f:
        s = f.read().rsplit(")", 1)[1].split()
    return (int(s[11]) + int(s[12])) / tck
samples = []
for line in p.stderr:
    m = re.match(r"\[\s*(\d+)s\]\s+([\d.]+) ops/s", line)
    if m:
        samples.append((int(m.group(1)), cpu(), float(m.group(2))))
out = p.stdout.read()
p.wait()
rep = json.loads(out[out.index("{"):])
# intervals 2..N: ops between sample[0] and sample[-1]
ops = sum(s[2] for s in samples[1:])
dcpu = samples[-1][1] - samples[0][1]
print(f"{label} {workload}: ops/s {rep['throughput']:.0f}  client CPU {dcpu*1e6/ops:.1f} us/op "
      f"(cpu {dcpu:.2f}s over {ops:.0f} ops)  p50 {rep['latency']['p50']} p99 {rep['latency']['p99']} errors {rep['errors']}"
      + (f"  report: cpu {rep['client']['cpuMicrosPerOp']:.1f} us/op alloc {rep['client']['allocatedBytesPerOp']:.0f} B/op" if 'client' in rep else ""))
