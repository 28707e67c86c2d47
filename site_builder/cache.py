"""A cache of loaded and validated nomination files, keyed by git blob id.

A pull request changes a file or two of a repository holding thousands; parsing and
Frictionless validation are the costly stages, and their result for a file depends only
on its content, the schemas, the registry and this code. Those go into the fingerprint;
each file's entry is keyed by its git blob id (so CI can restore the cache from main).
Rules across files, criteria and the review always run on everything.

The cache is read with an unpickler that only builds this package's records, dates and
plain containers: a tampered cache file cannot run code.
"""
from __future__ import annotations

import hashlib
import io
import os
import pickle
from pathlib import Path
from typing import Any

from .model import Nomination
from .problems import Problem

VERSION = 1
DIRECTORY = ".thidua-cache"
_ALLOWED = {("site_builder.model", "Nomination"), ("site_builder.problems", "Problem"),
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


def _fingerprint(root: Path) -> str:
    digest = hashlib.sha1(f"thidua-cache-{VERSION}".encode())
    package = Path(__file__).parent
    sources = sorted(package.rglob("*.py"))
    inputs = [*sources, *sorted((root / "schema").glob("*.json")), root / "registry" / "units.csv"]
    for path in inputs:
        digest.update(path.name.encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"-")
    return digest.hexdigest()


class Cache:
    def __init__(self, root: Path, enabled: bool = True) -> None:
        self.path = root / DIRECTORY / f"check-v{VERSION}.pickle"
        self.enabled = enabled and os.environ.get("THIDUA_NO_CACHE") is None
        self.fingerprint = _fingerprint(root) if self.enabled else ""
        self.entries: dict[str, tuple[str, Entry]] = {}
        self.fresh: dict[str, tuple[str, Entry | bytes]] = {}
        self.hits = self.misses = 0
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

    def get(self, rel: str, blob: str) -> Entry | None:
        if not self.enabled:
            return None
        found = self.entries.get(rel)
        if found is None or found[0] != blob:
            self.misses += 1
            return None
        self.hits += 1
        self.fresh[rel] = found
        return found[1]

    def put(self, rel: str, blob: str, nominations: list[Nomination], problems: list[Problem]) -> None:
        """Record a file's state after loading and validation (before rules add problems).

        Pickled now: later stages add problems to these same objects."""
        if self.enabled:
            self.fresh[rel] = (blob, pickle.dumps((nominations, problems), protocol=pickle.HIGHEST_PROTOCOL))

    def save(self) -> None:
        if not self.enabled or (self.misses == 0 and set(self.fresh) == set(self.entries)):
            return
        try:
            self.path.parent.mkdir(exist_ok=True)
            (self.path.parent / ".gitignore").write_text("*\n", encoding="utf-8")
            # Saved right after validation, before rules touch the reused objects; new entries
            # were snapshotted as bytes by put() and are stored as objects, like the rest.
            files = {rel: (blob, _Unpickler(io.BytesIO(entry)).load() if isinstance(entry, bytes) else entry)
                     for rel, (blob, entry) in self.fresh.items()}
            temporary = self.path.with_suffix(".tmp")
            with open(temporary, "wb") as handle:
                pickle.dump({"fingerprint": self.fingerprint, "files": files}, handle,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
        except OSError:
            pass  # a cache that cannot be written only costs time
