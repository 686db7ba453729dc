#!/usr/bin/env python3
"""Per-thread CPU time of a process, from /proc (GC, JIT and Netty threads included, which JFR's
execution samples leave out).

  thread-cpu.py snap PID FILE         writes every thread's id, user and system ticks and name to FILE
  thread-cpu.py total BEFORE AFTER    prints the CPU seconds of all threads between the two snapshots
  thread-cpu.py diff BEFORE AFTER [TOP]
                                      prints the CPU seconds spent between the two snapshots, per thread
                                      name with its trailing number removed (GC Thread#0..#N are one row)
"""
import collections
import os
import re
import sys

TICKS = os.sysconf("SC_CLK_TCK")


def snap(pid, path):
    rows = []
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue  # the thread ended while we listed them
        # The name is in parentheses and may hold spaces or ')': the fields after the last ')' are fixed.
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        rows.append(f"{tid}\t{fields[11]}\t{fields[12]}\t{name}")
    with open(path, "w") as f:
        f.write("\n".join(rows) + "\n")


def load(path):
    out = {}
    with open(path) as f:
        for line in f:
            if line.strip():
                tid, user, system, name = line.rstrip("\n").split("\t", 3)
                out[tid] = (name, int(user), int(system))
    return out


def spent_by_name(before_path, after_path):
    """User and system ticks spent between the snapshots, per thread name without its trailing number."""
    before, after = load(before_path), load(after_path)
    user, system = collections.Counter(), collections.Counter()
    for tid, (name, u, s) in after.items():
        _, u0, s0 = before.get(tid, (name, 0, 0))
        key = re.sub(r"[-#]?\d+$", "", name).strip()
        user[key] += u - u0
        system[key] += s - s0
    return user, system


def diff(before_path, after_path, top):
    user, system = spent_by_name(before_path, after_path)
    spent = user + system
    total = sum(spent.values())
    print(f"{total / TICKS:8.2f} s CPU in all threads ({sum(user.values()) / TICKS:.2f} user,"
          f" {sum(system.values()) / TICKS:.2f} system)")
    for name, ticks in spent.most_common(top):
        if ticks > 0:
            print(f"{ticks / TICKS:8.2f} s {100.0 * ticks / max(total, 1):5.1f}%  (sys {system[name] / TICKS:.2f})  {name}")


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "snap":
        snap(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == "total":
        user, system = spent_by_name(sys.argv[2], sys.argv[3])
        print(f"{(sum(user.values()) + sum(system.values())) / TICKS:.2f}")
    elif len(sys.argv) >= 4 and sys.argv[1] == "diff":
        diff(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 15)
    else:
        sys.exit(__doc__)
