"""The Python API returns exactly what the CLI prints as JSON, for paths and for bytes, and
fails with the CLI's one-line messages."""

import json
from pathlib import Path
import re
import sys
import threading

import pytest

import sdklint
from conftest import FIXTURES, REPO, all_bundles, file_bundles, run_cli

APK = "fixtures/appsflyer-adjust-no-adid.apk"


def cli_json(*args: str):
    done = run_cli(*args)
    assert done.returncode in (0, 1), done.stderr
    return json.loads(done.stdout)


def cli_error(*args: str) -> str:
    done = run_cli(*args)
    assert done.returncode == 2, done.stdout
    (line,) = done.stderr.splitlines()
    assert line.startswith("error: ")
    return line[len("error: "):]


def test_fixture_list_covers_every_format():
    formats = {sdklint.lint(REPO / b)["bundles"][0]["format"] for b in all_bundles()}
    assert {"apk", "aab", "apks", "xapk", "ipa", "app"} <= formats, formats


@pytest.mark.parametrize("bundle", all_bundles())
def test_lint_equals_cli_json(bundle, in_repo):
    assert sdklint.lint(bundle) == cli_json("check", "--format", "json", bundle)


def test_report_contract(in_repo):
    report = sdklint.lint(Path(APK))
    assert report["schema_version"] == sdklint.SCHEMA_VERSION == 2
    assert report["tool"] == {"name": "sdklint", "version": sdklint.__version__}
    (bundle,) = report["bundles"]
    assert bundle["path"] == APK
    assert {s["id"] for s in bundle["sdks"]} == {"adjust", "appsflyer"}
    assert {f["rule"] for f in bundle["findings"]} == {"SL101", "SL103", "SL205", "SL301", "SL401"}


@pytest.mark.parametrize("bundle", file_bundles())
def test_bytes_equal_path(bundle, in_repo):
    data = (REPO / bundle).read_bytes()
    assert sdklint.lint(data, name=bundle) == sdklint.lint(bundle)


def test_bytearray_and_memoryview(in_repo):
    data = (REPO / APK).read_bytes()
    expected = sdklint.lint(APK)
    assert sdklint.lint(bytearray(data), name=APK) == expected
    assert sdklint.lint(memoryview(data), name=APK) == expected


def test_bytes_without_name_are_named_bytes():
    data = (FIXTURES / "shop.ipa").read_bytes()
    assert sdklint.lint(data)["bundles"][0]["path"] == "<bytes>"


@pytest.mark.parametrize("bundle", [APK, "fixtures/shop.ipa", "fixtures/appsflyer-adjust.aab"])
def test_facts_equal_cli(bundle, in_repo):
    expected = cli_json("facts", "--format", "json", bundle)
    assert sdklint.facts(bundle) == expected
    assert sdklint.facts((REPO / bundle).read_bytes(), name=bundle) == expected


def test_rules_and_sdks_equal_cli():
    assert sdklint.rules() == cli_json("rules", "--format", "json")
    assert sdklint.sdks() == cli_json("sdks", "--format", "json")
    assert {r["code"] for r in sdklint.rules()} >= {"SL101", "SL301", "SL902"}


# ---- bad input -------------------------------------------------------------------------------


def test_garbage_bytes_raise_the_cli_message(tmp_path):
    garbage = tmp_path / "garbage.apk"
    garbage.write_bytes(b"this is not a bundle\x00\x01")
    with pytest.raises(sdklint.SdklintError) as err:
        sdklint.lint(garbage.read_bytes(), name=str(garbage))
    assert str(err.value) == cli_error("check", str(garbage))
    assert "not a recognised bundle" in str(err.value)


def test_truncated_zip_bytes_raise_the_cli_message(tmp_path):
    truncated = tmp_path / "truncated.apk"
    data = (REPO / APK).read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(sdklint.SdklintError) as err:
        sdklint.lint(truncated.read_bytes(), name=str(truncated))
    assert str(err.value) == cli_error("check", str(truncated))


def test_empty_bytes():
    with pytest.raises(sdklint.SdklintError, match=r"^<bytes>: not a recognised bundle: the file is empty$"):
        sdklint.lint(b"")


def test_missing_file_raises_the_cli_message(tmp_path):
    missing = tmp_path / "missing.apk"
    with pytest.raises(sdklint.SdklintError) as err:
        sdklint.lint(missing)
    assert str(err.value) == cli_error("check", str(missing))
    with pytest.raises(sdklint.SdklintError):
        sdklint.facts(missing)


def test_wrong_type_is_a_type_error():
    with pytest.raises(TypeError, match="a bundle is a path or bytes, not int"):
        sdklint.lint(42)


def test_error_is_an_exception_class():
    assert issubclass(sdklint.SdklintError, Exception)
    assert sdklint.SdklintError.__module__ == "sdklint"


# ---- config and SDK database -----------------------------------------------------------------

CONFIG = '[severity]\nSL103 = "error"\n\n[[ignore]]\nrule = "SL401"\nreason = "opt-out in the web app"\n'


def severities(report):
    return {(f["rule"], f["severity"], f["suppressed"]) for f in report["bundles"][0]["findings"]}


def test_config_path_equals_cli(tmp_path, in_repo):
    path = tmp_path / "sdklint.toml"
    path.write_text(CONFIG)
    expected = cli_json("check", "--format", "json", "--config", str(path), APK)
    assert sdklint.lint(APK, config=path) == expected
    assert sdklint.lint(APK, config=str(path)) == expected
    assert ("SL103", "error", False) in severities(expected)
    assert ("SL401", "warning", True) in severities(expected)
    assert severities(expected) != severities(sdklint.lint(APK))


def test_config_text(tmp_path, in_repo):
    path = tmp_path / "sdklint.toml"
    path.write_text(CONFIG)
    from_text = sdklint.lint(APK, config=CONFIG)
    from_file = sdklint.lint(APK, config=path)
    assert severities(from_text) == severities(from_file)
    # The suppression names where it was written: the file, or `<config>` for text.
    (note,) = [f["suppression"] for f in from_text["bundles"][0]["findings"] if f["suppressed"]]
    assert note["origin"].startswith("<config>"), note
    assert sdklint.lint(APK, config="") == sdklint.lint(APK)


def test_bad_config_raises_the_cli_message(tmp_path):
    path = tmp_path / "sdklint.toml"
    path.write_text('[severity]\nSL103 = "fatal"\n')
    with pytest.raises(sdklint.SdklintError) as err:
        sdklint.Linter(config=path)
    assert str(err.value) == cli_error("check", "--config", str(path), APK)
    with pytest.raises(sdklint.SdklintError, match=r'^<config>:2:9: severity.SL103: "fatal" is not a severity'):
        sdklint.lint(APK, config='[severity]\nSL103 = "fatal"\n')
    with pytest.raises(sdklint.SdklintError):
        sdklint.lint(APK, config=str(tmp_path / "absent.toml"))


def test_expired_suppression_warns_as_the_cli_does():
    config = '[[ignore]]\nrule = "SL401"\nreason = "legacy"\nexpires = 2020-01-31\n'
    with pytest.warns(UserWarning, match=r"suppression of SL401 expired on 2020-01-31 and no longer applies \(legacy\)"):
        sdklint.Linter(config=config)


ACME = """id = "acme-track"
name = "Acme Track"
vendor = "Acme"
categories = ["attribution"]
conversion_tracking = true

[android]
class_prefixes = ["com.example.shop"]
"""


def test_sdk_db_directory_equals_cli(tmp_path, in_repo):
    (tmp_path / "acme-track.toml").write_text(ACME)
    expected = cli_json("check", "--format", "json", "--sdk-db", str(tmp_path), APK)
    report = sdklint.lint(APK, sdk_db=tmp_path)
    assert report == expected
    assert "acme-track" in {s["id"] for s in report["bundles"][0]["sdks"]}
    assert sdklint.sdks(sdk_db=[str(tmp_path)]) == cli_json("sdks", "--format", "json", "--sdk-db", str(tmp_path))


def test_bad_sdk_db_raises_the_cli_message(tmp_path):
    bad = tmp_path / "acme.toml"
    bad.write_text('id = "acme"\nname = "Acme"\ncolour = "red"\n')
    with pytest.raises(sdklint.SdklintError) as err:
        sdklint.lint(APK, sdk_db=bad)
    assert str(err.value) == cli_error("check", "--sdk-db", str(bad), APK)


def test_linter_reuses_its_settings(in_repo):
    linter = sdklint.Linter(config=CONFIG)
    assert linter.lint(APK) == sdklint.lint(APK, config=CONFIG)
    assert linter.facts(APK) == sdklint.facts(APK)
    assert linter.sdks() == sdklint.sdks()


# ---- the GIL ---------------------------------------------------------------------------------


def other_thread_progress(work) -> int:
    """How often another Python thread ran while `work()` was running: 0 if `work` held the
    GIL throughout. The switch interval is raised before the other thread starts waiting for
    the GIL, so that CPython does not preempt `work`'s thread (which it does after the interval)
    during the measurement; `work` must take well under that interval."""
    counter = [0]
    stop = threading.Event()

    def tick():
        while not stop.is_set():
            counter[0] += 1

    old = sys.getswitchinterval()
    sys.setswitchinterval(0.5)
    ticker = threading.Thread(target=tick)
    try:
        ticker.start()
        while counter[0] == 0:
            pass
        before = counter[0]
        work()
        after = counter[0]
    finally:
        stop.set()
        ticker.join()
        sys.setswitchinterval(old)
    return after - before


def test_lint_releases_the_gil():
    data = (FIXTURES / "appsflyer-adjust.aab").read_bytes()
    assert other_thread_progress(lambda: sdklint.lint(data)) > 0
    assert other_thread_progress(lambda: sdklint.lint(FIXTURES / "shop.ipa")) > 0


def test_gil_probe_sees_a_call_that_holds_the_gil():
    numbers = list(range(2_000_000, 0, -1))
    assert other_thread_progress(lambda: re.fullmatch(r"(a|b)*c", "ab" * 200_000)) == 0
    assert other_thread_progress(lambda: sorted(numbers)) == 0


def test_config_baseline_is_applied_as_the_cli_does(tmp_path, in_repo):
    done = run_cli("baseline", APK)
    assert done.returncode == 0, done.stderr
    (tmp_path / "base.json").write_text(done.stdout)
    config = tmp_path / "sdklint.toml"
    config.write_text('baseline = "base.json"\n')
    expected = cli_json("check", "--format", "json", "--config", str(config), APK)
    assert all(f["baselined"] for f in expected["bundles"][0]["findings"])
    assert sdklint.lint(APK, config=config) == expected
    settings = sdklint.Settings.load(config)
    assert settings.baseline_source[0] == str(tmp_path / "base.json")
    assert settings.linter().lint(APK) == expected
