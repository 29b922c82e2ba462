"""Lint a store's worth of bundles with Spark: every bundle is mapped through :mod:`sdklint`
on the executors (one :class:`sdklint.Linter` per partition, the GIL released while it works)
and three tables are written, each as Parquet and as JSON Lines:

- ``bundles``: one row per input bundle, read or not (``ok`` false and ``error`` set when it
  could not be read; never a lost bundle), with the full ``check --format json`` bundle object
  in ``report_json``;
- ``findings``: one row per finding, keyed by ``path``;
- ``sdks``: one row per SDK embedded or mentioned (``mention`` true), keyed by ``path``.

Input is a list of paths or globs every executor can read (a shared file system; ``.app`` and
split-APK directories work too), or with ``binary=True`` Spark's ``binaryFile`` source, which
reads through Hadoop's file systems (``s3a://``, ``hdfs://``, ``gs://``) and hands the bytes to
``sdklint.lint`` without a temporary file.

The configuration and in-house SDK definitions are read once on the driver
(:class:`sdklint.Settings`) and shipped with the task, so every executor lints with the same
texts; their fingerprint is in every bundle row. The same job runs on a cluster by changing the
master URL, provided the executors' Python has this wheel installed.

    python -m sdklint.spark --out scan/ 'bundles/**/*.apk' 'bundles/**/*.ipa'
    python -m sdklint.spark --master spark://host:7077 --binary --out s3a://b/scan s3a://b/apks/
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import time
from typing import Iterable, Iterator, Optional, Sequence

import sdklint

#: Rayon threads per Spark task: Spark already runs one task per core.
DEFAULT_THREADS_PER_TASK = 1

BUNDLE_FIELDS = [
    ("path", "string"),
    ("ok", "boolean"),
    ("error", "string"),
    ("platform", "string"),
    ("format", "string"),
    ("app_id", "string"),
    ("app_version", "string"),
    ("version_code", "string"),
    ("min_os", "string"),
    ("target_os", "string"),
    ("x_policy", "string"),
    ("x_policy_reason", "string"),
    ("sdk_count", "int"),
    ("finding_count", "int"),
    ("errors", "int"),
    ("warnings", "int"),
    ("infos", "int"),
    ("read_errors", "int"),
    ("bytes", "long"),
    ("lint_ms", "double"),
    ("schema_version", "int"),
    ("sdklint_version", "string"),
    ("settings", "string"),
    ("report_json", "string"),
]
FINDING_FIELDS = [
    ("path", "string"),
    ("rule", "string"),
    ("name", "string"),
    ("severity", "string"),
    ("clause", "string"),
    ("message", "string"),
    ("sdk", "string"),
    ("sdks", "array<string>"),
    ("suppressed", "boolean"),
    ("baselined", "boolean"),
    ("evidence_json", "string"),
]
SDK_FIELDS = [
    ("path", "string"),
    ("id", "string"),
    ("name", "string"),
    ("mention", "boolean"),
    ("categories", "array<string>"),
    ("version", "string"),
    ("confidence", "string"),
    ("evidence_total", "long"),
    ("app_calls", "long"),
    ("x_partner", "boolean"),
]


def _ddl(fields) -> str:
    return ", ".join(f"`{name}` {kind}" for name, kind in fields)


def _row(fields, values: dict) -> tuple:
    return tuple(values.get(name) for name, _ in fields)


def records(report: dict, path: str, size: Optional[int], lint_ms: float, settings: str) -> dict:
    """The rows of one linted bundle: ``{"bundle": row, "findings": [...], "sdks": [...]}``."""
    (bundle,) = report["bundles"]
    findings = bundle["findings"]
    severities = [f["severity"] for f in findings if not f["suppressed"]]
    app = bundle["app"]
    row = {
        "path": path,
        "ok": True,
        "platform": bundle["platform"],
        "format": bundle["format"],
        "app_id": app["id"],
        "app_version": app["version"],
        "version_code": app["version_code"],
        "min_os": app["min_os"],
        "target_os": app["target_os"],
        "x_policy": bundle["x_policy"]["status"],
        "x_policy_reason": bundle["x_policy"]["reason"],
        "sdk_count": len(bundle["sdks"]),
        "finding_count": len(findings),
        "errors": severities.count("error"),
        "warnings": severities.count("warning"),
        "infos": severities.count("info"),
        "read_errors": len(bundle["errors"]),
        "bytes": size,
        "lint_ms": lint_ms,
        "schema_version": report["schema_version"],
        "sdklint_version": report["tool"]["version"],
        "settings": settings,
        "report_json": json.dumps(bundle, separators=(",", ":")),
    }
    finding_rows = [
        _row(
            FINDING_FIELDS,
            {**f, "path": path, "evidence_json": json.dumps(f["evidence"], separators=(",", ":"))},
        )
        for f in findings
    ]
    sdk_rows = [
        _row(SDK_FIELDS, {**s, "path": path, "mention": mention})
        for mention, hits in ((False, bundle["sdks"]), (True, bundle["mentions"]))
        for s in hits
    ]
    return {"bundle": _row(BUNDLE_FIELDS, row), "findings": finding_rows, "sdks": sdk_rows}


def failure(path: str, message: str, size: Optional[int], settings: str) -> dict:
    """The rows of a bundle that could not be linted: a bundle row with ``ok`` false."""
    row = {
        "path": path,
        "ok": False,
        "error": message,
        "bytes": size,
        "schema_version": sdklint.SCHEMA_VERSION,
        "sdklint_version": sdklint.__version__,
        "settings": settings,
    }
    return {"bundle": _row(BUNDLE_FIELDS, row), "findings": [], "sdks": []}


def lint_partition(
    items: Iterable, settings: sdklint.Settings, threads: int = DEFAULT_THREADS_PER_TASK
) -> Iterator[tuple]:
    """Lint every item of a partition: a path (``str``) or a ``binaryFile`` row (``path``,
    ``content``). Yields one ``(bundle, findings, sdks)`` tuple per item, failures included:
    whatever happens to one bundle is recorded on its row and the next one is linted."""
    # Read once by the Rust thread pool, at its first use in this worker process.
    os.environ.setdefault("RAYON_NUM_THREADS", str(threads))
    fingerprint = settings.fingerprint
    linter = None
    for item in items:
        path = item if isinstance(item, str) else item["path"]
        size = None
        try:
            if linter is None:
                linter = settings.linter()
            start = time.perf_counter()
            if isinstance(item, str):
                size = _size(path)
                report = linter.lint(path)
            else:
                data = item["content"]
                size = len(data)
                report = linter.lint(bytes(data), name=path)
            out = records(report, path, size, (time.perf_counter() - start) * 1000, fingerprint)
        except sdklint.SdklintError as err:
            out = failure(path, str(err), size, fingerprint)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as err:  # noqa: BLE001 - a Rust panic is a BaseException
            out = failure(path, f"internal error: {type(err).__name__}: {err}", size, fingerprint)
        yield (out["bundle"], out["findings"], out["sdks"])


def _size(path: str) -> Optional[int]:
    try:
        return os.path.getsize(path) if os.path.isfile(path) else None
    except OSError:
        return None


def expand(patterns: Sequence[str]) -> list[str]:
    """Paths and globs (``**`` recursive) on a file system the driver and executors share, each
    bundle once, in order. A pattern that matches nothing stays as given, so that it becomes a
    failure row (``No such file``) rather than vanishing."""
    out, seen = [], set()
    for pattern in patterns:
        matches = sorted(glob.glob(pattern, recursive=True)) if glob.has_magic(pattern) else []
        for path in matches or [pattern]:
            if path not in seen:
                seen.add(path)
                out.append(path)
    return out


def scan(
    spark,
    inputs: Sequence[str],
    out: str,
    *,
    config=None,
    sdk_db=None,
    settings: Optional[sdklint.Settings] = None,
    binary: bool = False,
    partitions: Optional[int] = None,
    threads_per_task: int = DEFAULT_THREADS_PER_TASK,
    formats: Sequence[str] = ("parquet", "json"),
) -> dict:
    """Lint ``inputs`` and write ``{out}/{format}/{bundles,findings,sdks}``; return the row
    counts. ``config`` and ``sdk_db`` are read on the driver (or given as ``settings``). Raises
    if the bundle rows do not account for every input."""
    if settings is None:
        settings = sdklint.Settings.load(config, sdk_db)
    if binary:
        source = spark.read.format("binaryFile").load(list(inputs)).select("path", "content")
        if partitions:
            source = source.repartition(partitions)
        rdd = source.rdd
        expected = None
    else:
        paths = expand(inputs)
        expected = len(paths)
        n = partitions or max(1, min(len(paths), spark.sparkContext.defaultParallelism * 4))
        rdd = spark.sparkContext.parallelize(paths, n)
    linted = rdd.mapPartitions(lambda items: lint_partition(items, settings, threads_per_task))
    # One lint per bundle: the three tables are cut from the same, persisted, result.
    linted = linted.persist(_storage_level())
    try:
        bundles = spark.createDataFrame(linted.map(lambda r: r[0]), _ddl(BUNDLE_FIELDS))
        findings = spark.createDataFrame(linted.flatMap(lambda r: r[1]), _ddl(FINDING_FIELDS))
        sdks = spark.createDataFrame(linted.flatMap(lambda r: r[2]), _ddl(SDK_FIELDS))
        tables = {"bundles": bundles, "findings": findings, "sdks": sdks}
        for fmt in formats:
            for name, frame in tables.items():
                getattr(frame.write.mode("overwrite"), fmt)(f"{out}/{fmt}/{name}")
        counts = {name: frame.count() for name, frame in tables.items()}
        counts["failed"] = bundles.filter("NOT ok").count()
    finally:
        linted.unpersist()
    if expected is not None and counts["bundles"] != expected:
        raise RuntimeError(f"{expected} bundles in, {counts['bundles']} bundle rows out")
    return counts


def _storage_level():
    from pyspark import StorageLevel

    return StorageLevel.MEMORY_AND_DISK


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sdklint.spark",
        description="Lint many bundles with Spark; write bundles/findings/sdks as Parquet and JSON Lines.",
    )
    parser.add_argument("inputs", nargs="+", help="bundle paths or globs (with --binary: Spark paths)")
    parser.add_argument("--out", required=True, help="output folder (local path or Hadoop URL)")
    parser.add_argument("--master", help="Spark master URL (default: spark-submit's, else local[*])")
    parser.add_argument("--binary", action="store_true", help="read bundles with Spark's binaryFile source")
    parser.add_argument("--config", help="sdklint.toml to apply")
    parser.add_argument("--sdk-db", action="append", help="in-house SDK definitions (file or folder)")
    parser.add_argument("--partitions", type=int, help="number of partitions (default: 4 per core)")
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("sdklint-scan")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        counts = scan(
            spark,
            args.inputs,
            args.out,
            config=args.config,
            sdk_db=args.sdk_db,
            binary=args.binary,
            partitions=args.partitions,
        )
    finally:
        spark.stop()
    print(json.dumps(counts))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
