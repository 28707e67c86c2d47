"""A cache of loaded and validated nomination files, keyed by git blob id.

A pull request changes a file or two of a repository holding thousands; parsing and
Frictionless validation are the costly stages, and their result for a file depends only
on its content, the schemas (each campaign's fields included), the registry and this code.
Those go into the fingerprint; each file's entry is keyed by its git blob id (so CI can restore the cache from main).
Rules across files, criteria and the review always run on everything.

The cache is read with an unpickler that only builds this package's records, dates and
plain containers: a tampered cache file cannot run code.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from site_builder.check.parallel import fork_call
from site_builder.fingerprint import fingerprint, package_files
from site_builder.model.nomination import Nomination
from site_builder.model.problem import Problem

VERSION = 1
DIRECTORY = ".thidua-cache"
_ALLOWED = {("site_builder.model.nomination", "Nomination"), ("site_builder.model.problem", "Problem"),
            ("datetime", "date"), ("datetime", "datetime"), ("decimal", "Decimal"), ("builtins", "set"),
            ("builtins", "frozenset"),
            ("copyreg", "_reconstructor"), ("builtins", "object")}
Entry = tuple[list[Nomination], list[Problem]]


def blob_id(data: bytes) -> str:
    """The id git gives this content (`git hash-object`)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) not in _ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")
        return super().find_class(module, name)


def _fingerprint(root: Path, salt: str) -> str:
    inputs = [*package_files("*.py"), *sorted((root / "schema").glob("*.json")), root / "registry" / "units.csv"]
    return fingerprint(inputs, root, salt=f"thidua-cache-{VERSION}", extra=(salt,))


class Cache:
    def __init__(self, root: Path, enabled: bool = True, salt: str = "") -> None:
        """`salt`: what else the results depend on (each campaign's fields, from campaign.yaml)."""
        self.path = root / DIRECTORY / f"check-v{VERSION}.pickle"
        self.enabled = enabled and os.environ.get("THIDUA_NO_CACHE") is None
        self.fingerprint = _fingerprint(root, salt) if self.enabled else ""
        self.entries: dict[str, tuple[str, Entry]] = {}
        self.fresh: dict[str, tuple[str, Entry]] = {}
        self.misses = 0
        self._writer: Any = None
        if self.enabled:
            self._read()

    def _read(self) -> None:
        try:
            with open(self.path, "rb") as handle:
                stored = _Unpickler(handle).load()
        except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
            return
        if isinstance(stored, dict) and stored.get("fingerprint") == self.fingerprint:
            entries = stored.get("files")
            if isinstance(entries, dict):
                self.entries = entries

    def lookup(self, rel: str, blob: str) -> Entry | None:
        found = self.entries.get(rel) if self.enabled else None
        return found[1] if found is not None and found[0] == blob else None

    def record(self, rel: str, blob: str, entry: Entry, reused: bool) -> None:
        """Keep a file's state after loading and validation, to be saved."""
        if self.enabled:
            self.fresh[rel] = (blob, entry)
            self.misses += not reused

    def save(self) -> None:
        """Write what was recorded. Call before later stages change the recorded objects.

        Where the platform can fork, a child process writes a snapshot of them while this
        one goes on; `wait()` returns once the file is in place."""
        if not self.enabled or (self.misses == 0 and set(self.fresh) == set(self.entries)):
            return
        payload = {"fingerprint": self.fingerprint, "files": self.fresh}
        self._writer = fork_call(_write, self.path, payload)
        if self._writer is None:
            _write(self.path, payload)

    def wait(self) -> None:
        if self._writer is not None:
            self._writer.join()
            self._writer = None


def _write(path: Path, payload: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(exist_ok=True)
        (path.parent / ".gitignore").write_text("*\n", encoding="utf-8")
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with open(temporary, "wb") as handle:
            pickle.dump(payload, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        pass  # a cache that cannot be written only costs time
