"""Fingerprints of inputs, deciding whether earlier work may be reused (the check cache, an
archived campaign's pages): the files' names and bytes, the tool's own source included."""
from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def package_files(*patterns: str) -> list[Path]:
    """The package's own files matching any pattern (code, page templates), in a stable order."""
    return [path for pattern in patterns for path in sorted(PACKAGE.rglob(pattern))]


def fingerprint(paths: Iterable[Path], root: Path, *, salt: str = "", extra: Iterable[str] = ()) -> str:
    digest = hashlib.sha1(salt.encode())
    for path in paths:
        digest.update(str(path.relative_to(root) if path.is_relative_to(root) else path.name).encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"-")  # a missing input is an input too
    for item in extra:
        digest.update(item.encode())
    return digest.hexdigest()
