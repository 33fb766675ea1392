"""Combines hyperfine --export-json files of several rounds: for each command name, the median of
every timed run's wall time, the mean user+system CPU time per run, the runs and failed runs.
    python3 src/bench/hyperfine-median.py ROUND.json...
prints one line per command name: NAME MEDIAN_S CPU_S RUNS FAILED
"""
import json, statistics, sys

runs = {}
for path in sys.argv[1:]:
    with open(path) as f:
        for r in json.load(f)["results"]:
            d = runs.setdefault(r["command"], {"times": [], "cpu": 0.0, "failed": 0})
            n = len(r["times"])
            d["times"] += r["times"]
            d["cpu"] += (r["user"] + r["system"]) * n  # hyperfine gives means per command
            d["failed"] += sum(1 for c in r.get("exit_codes", []) if c != 0)
for name, d in runs.items():
    n = len(d["times"])
    print(name, "%.4f" % statistics.median(d["times"]), "%.4f" % (d["cpu"] / n), n, d["failed"])
