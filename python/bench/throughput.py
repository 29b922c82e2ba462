"""Bundles per second per core through the Python package, for docs/scale.md.

    RAYON_NUM_THREADS=1 /usr/bin/time -v python python/bench/throughput.py BUNDLE... [--rounds N]

Lints every bundle ROUNDS times in this one process (one core when RAYON_NUM_THREADS=1, the
way the Spark job runs each task) from bytes already in memory, as a worker reading object
storage would, and prints bundles per CPU-second (per core, robust to a shared machine: the
process's own CPU time), bundles/s of wall time, and the median and slowest wall time per
bundle. The peak RSS is /usr/bin/time's "Maximum resident set size".
"""

import argparse
import statistics
import time
from pathlib import Path

import sdklint


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("bundles", nargs="+", type=Path)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-warmup", action="store_true", help="for bundles that take seconds")
    args = parser.parse_args()
    data = [(str(p), p.read_bytes()) for p in args.bundles]
    linter = sdklint.Linter()
    for name, blob in [] if args.no_warmup else data:  # warm up: page in the code, build the SDK matcher
        linter.lint(blob, name=name)
    times = []
    cpu = time.process_time()
    start = time.perf_counter()
    for _ in range(args.rounds):
        for name, blob in data:
            t = time.perf_counter()
            linter.lint(blob, name=name)
            times.append(time.perf_counter() - t)
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu
    n = len(times)
    mb = args.rounds * sum(len(b) for _, b in data) / 1e6
    print(
        f"{n} lints of {len(data)} bundles: {cpu:.2f} s CPU, {n / cpu:.3g} bundles per "
        f"CPU-second ({mb / cpu:.3g} MB/s of bundle); wall {wall:.2f} s, {n / wall:.3g} bundles/s; median {statistics.median(times) * 1000:.2f} ms, "
        f"slowest {max(times) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
