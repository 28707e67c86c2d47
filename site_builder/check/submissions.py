"""Stages 1-2 for submission files: read and validate each file, on two processes when it pays.

A file's result (its nominations, typed, with their problems) depends only on its content,
the schemas and the registry, so files can be split between processes, and reused from the
cache, without changing any answer. Rules across files run later, on everything.

With a child process, the child parses part of the files while this process imports
Frictionless, parses the rest and then validates every new nomination: the import (about a
sixth of a cold check of 10,000 nominations) is paid once, while the child works.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from site_builder.check.discover import FileJob, Loaded
from site_builder.check.parallel import ChildFailed, fork_result, shared_counter, worth_a_child
from site_builder.check.read import FileLoad, load_file, open_file, reuse_known
from site_builder.check.validate import NominationValidator
from site_builder.progress import Progress

# Files to read before a second process pays for itself (its start and the results'
# transfer cost about as much as reading this many files).
PARALLEL_MIN = 300
# This process's share of the bytes to parse: it also imports Frictionless, validates
# every new nomination and unpickles the child's results (measured: benchmarks/).
MY_SHARE = 0.45


def read_submissions(loaded: Loaded, progress: Progress | None = None) -> None:
    """Read every file in `loaded.jobs` into `loaded.nominations` and `loaded.problems`, in order."""
    progress = progress or Progress()
    jobs = loaded.jobs
    results: list[FileLoad | None] = [reuse_known(loaded, job) for job in jobs]
    todo = [i for i, r in enumerate(results) if r is None]
    contents: dict[int, tuple[bytes, str]] = {}
    if loaded.cache.entries:  # reading and hashing is cheap: parse only what the cache lacks
        for i in todo:
            opened = open_file(loaded, jobs[i])
            if isinstance(opened, FileLoad):
                results[i] = opened
            else:
                contents[i] = opened
        todo = list(contents)
    theirs: list[int] = []
    child = None
    child_done: Any = SimpleNamespace(value=0)  # files the child has parsed, for the progress line
    if worth_a_child(len(todo), PARALLEL_MIN):
        todo, theirs = _split(jobs, todo)
        child_done = shared_counter()
        child = fork_result(_parse_in_child, loaded, theirs, contents, child_done)
        if child is None:
            todo, theirs = todo + theirs, []
    validator = NominationValidator(loaded.schemas, loaded.registry)
    total = len(todo) + len(theirs)

    def show(count: int) -> None:
        progress.update("Đang đọc hồ sơ", count + child_done.value, total)

    done = _parse(loaded, todo, contents, show)
    if child is not None:
        try:
            done += [FileLoad(jobs[i], *sent) for i, sent in zip(theirs, child.result(), strict=False)]
        except ChildFailed:
            child_done.value = len(todo)
            done += _parse(loaded, theirs, contents, show)
        progress.update("Đang đọc hồ sơ", total, total)
    progress.note("Đang kiểm tra dữ liệu hồ sơ theo lược đồ…")
    validator.validate([n for r in done if not r.reused for n in r.nominations])
    for i, result in zip(todo + theirs, done, strict=False):
        results[i] = result
    for file_load in results:
        assert file_load is not None
        loaded.nominations += file_load.nominations
        loaded.problems += file_load.problems
        if file_load.blob is not None:
            loaded.cache.record(file_load.job.rel, file_load.blob, file_load.entry, file_load.reused)
    progress.done()


def _split(jobs: list[FileJob], todo: list[int]) -> tuple[list[int], list[int]]:
    """Split the work by bytes, keeping each part in walk order."""
    sizes = [_size(jobs[i].path) for i in todo]
    total = sum(sizes)
    running = 0
    for at, size in enumerate(sizes):
        if running >= total * MY_SHARE:
            return todo[:at], todo[at:]
        running += size
    return todo, []


def _size(path: str) -> int:
    try:
        return os.lstat(path).st_size
    except OSError:  # reported when the file is read
        return 0


def _parse_in_child(loaded: Loaded, indexes: list[int], contents: dict[int, tuple[bytes, str]],
                    done: Any) -> list[tuple]:
    def count(parsed: int) -> None:
        done.value = parsed

    # Without the jobs, which the parent has: less to pickle and unpickle.
    return [(r.blob, r.nominations, r.problems, r.reused) for r in _parse(loaded, indexes, contents, count)]


def _parse(loaded: Loaded, indexes: list[int], contents: dict[int, tuple[bytes, str]],
           tick: Callable[[int], None]) -> list[FileLoad]:
    results = []
    for i in indexes:
        results.append(load_file(loaded, loaded.jobs[i], contents.get(i)))
        tick(len(results))
    return results
