"""The Spark job, run with PySpark in local mode on every fixture bundle plus bundles that
cannot be read: every input has exactly one bundle row, and the finding and SDK rows are
those of ``sdklint.lint``."""

import json
import os
import sys

import pytest

import sdklint
from conftest import REPO, all_bundles, file_bundles

from pyspark.sql import SparkSession

from sdklint import spark as job


@pytest.fixture(scope="module")
def spark():
    os.environ["PYSPARK_PYTHON"] = sys.executable
    os.environ["PYSPARK_DRIVER_PYTHON"] = sys.executable
    session = (
        SparkSession.builder.master("local[2]")
        .appName("sdklint-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    yield session
    session.stop()


def expected_rows(paths):
    findings, sdks = {}, {}
    for path in paths:
        bundle = sdklint.lint(path)["bundles"][0]
        findings[path] = sorted(f["rule"] for f in bundle["findings"])
        sdks[path] = sorted(s["id"] for s in bundle["sdks"] + bundle["mentions"])
    return findings, sdks


def grouped(frame, column):
    out = {}
    for row in frame.collect():
        out.setdefault(row["path"], []).append(row[column])
    return {path: sorted(values) for path, values in out.items()}


def test_every_bundle_is_accounted_for(spark, tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    garbage = tmp_path / "garbage.apk"
    garbage.write_bytes(b"not a bundle")
    missing = str(tmp_path / "missing.apk")
    good = all_bundles()
    inputs = good + [str(garbage), missing]
    out = tmp_path / "out"

    counts = job.scan(spark, inputs, str(out), partitions=3)

    findings, sdks = expected_rows(good)
    assert counts == {
        "bundles": len(inputs),
        "findings": sum(map(len, findings.values())),
        "sdks": sum(map(len, sdks.values())),
        "failed": 2,
    }
    bundles = spark.read.parquet(str(out / "parquet" / "bundles"))
    rows = {r["path"]: r for r in bundles.collect()}
    assert sorted(rows) == sorted(inputs)
    assert all(rows[p]["ok"] and rows[p]["error"] is None for p in good)
    with pytest.raises(sdklint.SdklintError) as err:
        sdklint.lint(garbage)
    assert rows[str(garbage)]["ok"] is False
    assert rows[str(garbage)]["error"] == str(err.value)
    assert rows[missing]["error"].startswith(f"{missing}: No such file")
    settings = sdklint.Settings().fingerprint
    assert {r["settings"] for r in rows.values()} == {settings}
    # The full report travels with the row.
    apk = "fixtures/appsflyer-adjust.apk"
    assert json.loads(rows[apk]["report_json"]) == sdklint.lint(apk)["bundles"][0]
    assert rows[apk]["format"] == "apk" and rows[apk]["x_policy"] == "applies"

    assert grouped(spark.read.parquet(str(out / "parquet" / "findings")), "rule") == {
        p: v for p, v in findings.items() if v
    }
    assert grouped(spark.read.parquet(str(out / "parquet" / "sdks")), "id") == {
        p: v for p, v in sdks.items() if v
    }
    # JSON Lines: the same rows.
    for table in ("bundles", "findings", "sdks"):
        lines = [
            json.loads(line)
            for part in sorted((out / "json" / table).glob("part-*"))
            for line in part.read_text().splitlines()
        ]
        assert len(lines) == counts[table], table
    assert {line["path"] for line in lines} == {p for p, v in sdks.items() if v}


def test_binary_file_source(spark, tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    names = [b for b in file_bundles() if b.endswith((".apk", ".aab", ".ipa", ".apks", ".xapk"))]
    for name in names:
        (folder / os.path.basename(name)).write_bytes((REPO / name).read_bytes())
    (folder / "garbage.apk").write_bytes(b"\x00" * 100)
    out = tmp_path / "out"

    counts = job.scan(spark, [str(folder)], str(out), binary=True, formats=("parquet",))

    rows = {r["path"]: r for r in spark.read.parquet(str(out / "parquet" / "bundles")).collect()}
    assert counts["bundles"] == len(rows) == len(set(map(os.path.basename, names))) + 1
    assert counts["failed"] == 1
    for path, row in rows.items():
        assert path.startswith("file:"), path
        name = os.path.basename(path)
        if name == "garbage.apk":
            assert row["error"] == f"{path}: not a recognised bundle: neither a zip archive (APK, AAB, split set, IPA) nor a DEX file nor an AndroidManifest.xml"
        else:
            expected = sdklint.lint((folder / name).read_bytes(), name=path)["bundles"][0]
            assert json.loads(row["report_json"]) == expected
            assert row["bytes"] == (folder / name).stat().st_size


def test_settings_travel_to_the_executors(spark, tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    db = tmp_path / "db"
    db.mkdir()
    (db / "acme-track.toml").write_text(
        'id = "acme-track"\nname = "Acme Track"\nvendor = "Acme"\ncategories = ["attribution"]\n'
        'conversion_tracking = true\n\n[android]\nclass_prefixes = ["com.example.shop"]\n'
    )
    config = tmp_path / "sdklint.toml"
    config.write_text('[severity]\nSL103 = "error"\n')
    apk = "fixtures/appsflyer-adjust-no-adid.apk"
    out = tmp_path / "out"

    settings = sdklint.Settings.load(str(config), [str(db)])
    expected = sdklint.lint(apk, config=config, sdk_db=db)["bundles"][0]
    # The executors lint with the texts shipped with the task, not with the files.
    config.unlink()
    (db / "acme-track.toml").unlink()

    job.scan(spark, [apk], str(out), settings=settings, formats=("parquet",))

    (row,) = spark.read.parquet(str(out / "parquet" / "bundles")).collect()
    assert json.loads(row["report_json"]) == expected
    assert row["settings"] == settings.fingerprint != sdklint.Settings().fingerprint
    sdks = {r["id"] for r in spark.read.parquet(str(out / "parquet" / "sdks")).collect()}
    assert "acme-track" in sdks
    severities = {r["rule"]: r["severity"] for r in spark.read.parquet(str(out / "parquet" / "findings")).collect()}
    assert severities["SL103"] == "error"
