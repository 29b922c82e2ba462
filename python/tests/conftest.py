"""Shared paths: the repository's committed fixtures and the sdklint CLI built from the same
sources (``SDKLINT_BIN``, else ``target/{debug,release}/sdklint``), whose output the package
must equal."""

import os
from pathlib import Path
import subprocess

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures"


def _cli() -> Path:
    if "SDKLINT_BIN" in os.environ:
        return Path(os.environ["SDKLINT_BIN"])
    for profile in ("release", "debug"):
        candidate = REPO / "target" / profile / "sdklint"
        if candidate.is_file():
            return candidate
    raise RuntimeError("no sdklint binary: run `cargo build` or set SDKLINT_BIN")


def file_bundles() -> list[str]:
    """Every single-file bundle among the fixtures, relative to the repository root."""
    out = []
    for folder in ("fixtures", "fixtures/dex", "fixtures/manifests", "fixtures/ios/bin"):
        for entry in sorted((REPO / folder).iterdir()):
            if entry.is_file() and entry.suffix != ".md":
                out.append(f"{folder}/{entry.name}")
    return out


#: Bundles that are directories: a split set and iOS bundles.
DIR_BUNDLES = [
    "fixtures/appsflyer-adjust-splits",
    "fixtures/ios/Shop.app",
    "fixtures/ios/Shop.xcarchive",
    "fixtures/ios/AppsFlyerLib.xcframework",
]


def all_bundles() -> list[str]:
    return file_bundles() + DIR_BUNDLES


@pytest.fixture
def in_repo(monkeypatch):
    """Run with the repository root as working directory, as the CLI runs below."""
    monkeypatch.chdir(REPO)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """The CLI, run from the repository root with no sdklint.toml discovery surprises."""
    return subprocess.run(
        [str(_cli()), *args], cwd=REPO, capture_output=True, text=True, check=False
    )
