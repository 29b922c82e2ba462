"""sdklint: find conversion-tracking SDKs in Android and iOS app bundles and check them
against X's policy.

The functions return exactly what the ``sdklint`` command line prints as JSON: ``lint`` the
``check --format json`` document (same ``schema_version``), ``facts`` what ``facts --format
json`` prints, ``rules`` and ``sdks`` the ``rules``/``sdks --format json`` lists. The work is
done in Rust with the GIL released, so threads lint in parallel.

A bundle is a path (``str`` or ``os.PathLike``: a file, or an ``.app``/split directory) or the
bytes of a single-file bundle (``bytes``, ``bytearray``, ``memoryview``), for example an object
read from storage; bytes are read in place, never written to a temporary file. Bundles that
cannot be read raise :class:`SdklintError` with the CLI's one-line message.

For many bundles with one configuration, make a :class:`Linter` once: it loads the
configuration and SDK database once. To lint on many machines with the same settings, load
them once as :class:`Settings` (plain texts, picklable) and make each worker's ``Linter`` from
them: ``sdklint.spark`` does this.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from typing import Any, Optional, Sequence, Union
import warnings

from ._native import Linter as _NativeLinter
from ._native import SdklintError, rules_json, schema_version, version

__all__ = [
    "Linter",
    "SdklintError",
    "SCHEMA_VERSION",
    "Settings",
    "__version__",
    "facts",
    "lint",
    "rules",
    "sdks",
]

__version__: str = version()
#: The ``schema_version`` of the reports :func:`lint` returns.
SCHEMA_VERSION: int = schema_version()

PathLike = Union[str, "os.PathLike[str]"]
Source = Union[PathLike, bytes, bytearray, memoryview]
#: The report name of a bundle given as bytes without ``name=``.
BYTES_NAME = "<bytes>"


def _is_toml_text(config: str) -> bool:
    # A path has no newline and no `=`; a configuration has at least one `key = value`
    # (an empty string is an empty configuration).
    return config == "" or "\n" in config or "=" in config


def _sdk_db_paths(sdk_db: Union[None, PathLike, Sequence[PathLike]]) -> list[str]:
    if sdk_db is None:
        return []
    if isinstance(sdk_db, (str, os.PathLike)):
        return [os.fspath(sdk_db)]
    return [os.fspath(p) for p in sdk_db]


class Linter:
    """A configuration and SDK database, loaded once, for linting many bundles.

    ``config`` is the text of an ``sdklint.toml`` (a ``str`` holding ``=`` or a newline) or its
    path (any other ``str``, or an ``os.PathLike``); ``None`` is the default configuration
    (unlike the CLI, no ``sdklint.toml`` is looked for in the working directory). ``sdk_db`` is
    a file or directory of ``sdks/``-format TOML, or a list of them, added to the built-in
    database as ``--sdk-db`` does. Expired suppressions are reported as ``UserWarning``.
    """

    def __init__(
        self,
        config: Optional[PathLike] = None,
        sdk_db: Union[None, PathLike, Sequence[PathLike]] = None,
    ) -> None:
        db = _sdk_db_paths(sdk_db)
        if config is None:
            native = _NativeLinter(sdk_db=db)
        elif isinstance(config, str) and _is_toml_text(config):
            native = _NativeLinter(config_text=config, sdk_db=db)
        elif isinstance(config, (str, os.PathLike)):
            native = _NativeLinter(config_path=os.fspath(config), sdk_db=db)
        else:
            raise TypeError(f"config must be TOML text or a path, not {type(config).__name__}")
        self._adopt(native)

    def _adopt(self, native: _NativeLinter) -> None:
        self._native = native
        for message in native.warnings:
            warnings.warn(message, UserWarning, stacklevel=3)

    @classmethod
    def from_settings(cls, settings: "Settings") -> "Linter":
        """A linter with exactly the configuration, SDK definitions and baseline of
        ``settings``, reading no file."""
        linter = cls.__new__(cls)
        linter._adopt(
            _NativeLinter(
                config_text=settings.config_text,
                config_name=settings.config_name,
                sdk_db_sources=list(settings.sdk_db_sources),
                baseline_source=settings.baseline_source,
            )
        )
        return linter

    def lint(self, source: Source, *, name: Optional[str] = None) -> dict[str, Any]:
        """The ``check --format json`` document of one bundle: ``{"schema_version", "tool",
        "bundles": [one bundle]}``. ``name`` is the report's ``path`` for bytes (default
        ``"<bytes>"``); for a path it is ignored, the report's ``path`` is the path as given."""
        if isinstance(source, (bytes, bytearray, memoryview)):
            data = source.tobytes() if isinstance(source, memoryview) else source
            text = self._native.lint_bytes(data, name or BYTES_NAME)
        else:
            text = self._native.lint_path(_path(source))
        return json.loads(text)

    def facts(self, source: Source, *, name: Optional[str] = None) -> dict[str, Any]:
        """Everything sdklint read from one bundle, as ``facts --format json`` prints it."""
        if isinstance(source, (bytes, bytearray, memoryview)):
            data = source.tobytes() if isinstance(source, memoryview) else source
            text = self._native.facts_bytes(data, name or BYTES_NAME)
        else:
            text = self._native.facts_path(_path(source))
        return json.loads(text)

    def sdks(self) -> list[dict[str, Any]]:
        """The SDK database in use, as ``sdks --format json`` prints it."""
        return json.loads(self._native.sdks())


@dataclasses.dataclass(frozen=True)
class Settings:
    """A configuration, in-house SDK definitions and baseline as texts, read once (on a
    driver) so that every worker lints with identical settings whatever its file system holds.
    :attr:`fingerprint` identifies them; ``sdklint.spark`` writes it in every bundle row."""

    config_text: Optional[str] = None
    #: The name the configuration has in errors and suppression notes: its path, or
    #: ``"<config>"`` for text.
    config_name: str = "<config>"
    #: ``(file name, TOML text)`` of every in-house SDK file, in the order ``--sdk-db`` reads
    #: them.
    sdk_db_sources: tuple = ()
    #: ``(file name, JSON text)`` of the configuration's ``baseline`` file, if any.
    baseline_source: Optional[tuple] = None

    @classmethod
    def load(
        cls,
        config: Optional[PathLike] = None,
        sdk_db: Union[None, PathLike, Sequence[PathLike]] = None,
    ) -> "Settings":
        """Read ``config`` and ``sdk_db`` as :class:`Linter` does (and fail as it does)."""
        native = Linter(config, sdk_db)._native  # validates, with the CLI's messages
        config_text, config_name = None, "<config>"
        if isinstance(config, str) and _is_toml_text(config):
            config_text = config
        elif config is not None:
            config_name = os.fspath(config)
            with open(config_name, encoding="utf-8") as f:
                config_text = f.read()
        sources = []
        for path in _sdk_db_paths(sdk_db):
            if os.path.isdir(path):
                names = sorted(n for n in os.listdir(path) if n.endswith(".toml"))
                files = [os.path.join(path, n) for n in names]
            else:
                files = [path]
            for file in files:
                with open(file, encoding="utf-8") as f:
                    sources.append((file, f.read()))
        baseline = None
        if native.baseline_path is not None:
            name = os.fspath(native.baseline_path)
            with open(name, encoding="utf-8") as f:
                baseline = (name, f.read())
        return cls(config_text, config_name, tuple(sources), baseline)

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the sdklint version and every text of these settings."""
        fields = [__version__, self.config_text, self.config_name,
                  [list(s) for s in self.sdk_db_sources],
                  list(self.baseline_source) if self.baseline_source else None]
        return hashlib.sha256(json.dumps(fields).encode()).hexdigest()

    def linter(self) -> Linter:
        return Linter.from_settings(self)


def _path(source: Any) -> str:
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    raise TypeError(
        f"a bundle is a path or bytes, not {type(source).__name__}"
    )


_default: Optional[Linter] = None


def _linter(config: Optional[PathLike], sdk_db: Any) -> Linter:
    global _default
    if config is None and sdk_db is None:
        if _default is None:
            _default = Linter()
        return _default
    return Linter(config, sdk_db)


def lint(
    path_or_bytes: Source,
    config: Optional[PathLike] = None,
    sdk_db: Union[None, PathLike, Sequence[PathLike]] = None,
    *,
    name: Optional[str] = None,
) -> dict[str, Any]:
    """Lint one bundle; see :class:`Linter` for ``config`` and ``sdk_db``, :meth:`Linter.lint`
    for the result."""
    return _linter(config, sdk_db).lint(path_or_bytes, name=name)


def facts(
    path_or_bytes: Source,
    sdk_db: Union[None, PathLike, Sequence[PathLike]] = None,
    *,
    name: Optional[str] = None,
) -> dict[str, Any]:
    """Everything sdklint read from one bundle, as ``facts --format json`` prints it."""
    return _linter(None, sdk_db).facts(path_or_bytes, name=name)


def rules() -> list[dict[str, Any]]:
    """Every rule: code, name, clause, default severity, summary (``rules --format json``)."""
    return json.loads(rules_json())


def sdks(sdk_db: Union[None, PathLike, Sequence[PathLike]] = None) -> list[dict[str, Any]]:
    """The SDK database: built in, plus ``sdk_db`` files (``sdks --format json``)."""
    return _linter(None, sdk_db).sdks()
