"""End-to-end Spark throughput for docs/scale.md: COPIES copies of each given bundle (written to
a scratch folder, so that every path is a distinct bundle) scanned by ``sdklint.spark.scan`` on
``local[CORES]``, Parquet and JSON Lines written; prints bundles/s of wall time.

    python python/bench/spark_throughput.py --cores 2 --copies 20 BUNDLE...
"""

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from pyspark.sql import SparkSession

from sdklint import spark as job


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("bundles", nargs="+", type=Path)
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()
    os.environ["PYSPARK_PYTHON"] = sys.executable
    scratch = Path(tempfile.mkdtemp(prefix="sdklint-spark-bench-"))
    try:
        paths = []
        for i in range(args.copies):
            for bundle in args.bundles:
                copy = scratch / "in" / str(i) / bundle.name
                copy.parent.mkdir(parents=True, exist_ok=True)
                if bundle.is_dir():
                    shutil.copytree(bundle, copy)
                else:
                    shutil.copyfile(bundle, copy)
                paths.append(str(copy))
        spark = (
            SparkSession.builder.master(f"local[{args.cores}]")
            .config("spark.ui.enabled", "false")
            .getOrCreate()
        )
        try:
            job.scan(spark, paths[:4], str(scratch / "warm"))  # JVM and workers up
            start = time.perf_counter()
            counts = job.scan(spark, paths, str(scratch / "out"))
            wall = time.perf_counter() - start
        finally:
            spark.stop()
        print(
            f"{len(paths)} bundles on local[{args.cores}] in {wall:.1f} s: "
            f"{len(paths) / wall:.1f} bundles/s ({counts})"
        )
    finally:
        shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
