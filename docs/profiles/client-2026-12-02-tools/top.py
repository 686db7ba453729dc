#!/usr/bin/env python3
"""top.py FILE.jfr [N]: top self frames of jdk.ExecutionSample, top io.raftkv/netty frames, allocation by class
(jdk.ObjectAllocationSample weights) and by top io.raftkv/netty frame."""
import subprocess, sys, json, collections
f = sys.argv[1]; n = int(sys.argv[2]) if len(sys.argv) > 2 else 25
def events(name):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "64", "--events", name, f],
                         capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]
def fr(x):
    m = x["method"]; return m["type"]["name"] + "." + m["name"]
ex = events("jdk.ExecutionSample")
self_c = collections.Counter(); own = collections.Counter()
threads = collections.Counter()
for e in ex:
    st = e["values"]["stackTrace"]["frames"]
    threads[e["values"]["sampledThread"]["javaName"]] += 1
    if not st: continue
    self_c[fr(st[0])] += 1
    for x in st:
        if x["method"]["type"]["name"].startswith("io.raftkv"):
            own[fr(x)] += 1; break
tot = len(ex)
print(f"## CPU samples: {tot}")
print("threads:", ", ".join(f"{k} {v}" for k, v in threads.most_common(5)))
print("\n### top self frames")
for k, v in self_c.most_common(n): print(f"{v*100/tot:5.1f}% {k}")
print("\n### first io.raftkv frame on the stack")
for k, v in own.most_common(15): print(f"{v*100/tot:5.1f}% {k}")
al = events("jdk.ObjectAllocationSample")
bycls = collections.Counter(); bysite = collections.Counter(); total = 0
for e in al:
    w = e["values"]["weight"]; total += w
    bycls[e["values"]["objectClass"]["name"]] += w
    st = e["values"]["stackTrace"]["frames"] if e["values"]["stackTrace"] else []
    site = next((fr(x) for x in st if not x["method"]["type"]["name"].startswith(("java/", "jdk/"))), "?")
    bysite[site] += w
dur = None
print(f"\n## allocation (sampled weight) total {total/1e6:.0f} MB")
print("### by class")
for k, v in bycls.most_common(15): print(f"{v*100/total:5.1f}% {k}")
print("### by first non-JDK frame")
for k, v in bysite.most_common(20): print(f"{v*100/total:5.1f}% {k}")
