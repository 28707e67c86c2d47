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
from typing import Any, NamedTuple

from site_builder.check.cache import Cache
from site_builder.check.discover import FileJob, Inputs
from site_builder.check.findings import Findings
from site_builder.check.parallel import ChildFailed, fork_result, shared_counter, worth_a_child
from site_builder.check.read import FileLoad, load_file, open_file, reuse_known
from site_builder.check.validate import NominationValidator
from site_builder.model.schema import Schemas
from site_builder.progress import Progress

# Files to read before a second process pays for itself (its start and the results'
# transfer cost about as much as reading this many files).
PARALLEL_MIN = 300
# This process's share of the bytes to parse: it also imports Frictionless, validates
# every new nomination and unpickles the child's results (measured: benchmarks/).
MY_SHARE = 0.45


def read_submissions(inputs: Inputs, jobs: list[FileJob], found: Findings, cache: Cache | None = None,
                     known_blobs: dict[str, str] | None = None, progress: Progress | None = None) -> None:
    """Read every file of `jobs` and record what each holds into `found`, in order. `cache`
    gives the results of unchanged files (`known_blobs`: files git says are unchanged, not
    even read) and keeps every file's result."""
    progress = progress or Progress()
    cache = cache if cache is not None else Cache(inputs.root, enabled=False)
    known = known_blobs or {}
    results: list[FileLoad | None] = [reuse_known(cache, known, job) for job in jobs]
    todo = [i for i, r in enumerate(results) if r is None]
    contents: dict[int, tuple[bytes, str]] = {}
    if cache.entries:  # reading and hashing is cheap: parse only what the cache lacks
        for i in todo:
            opened = open_file(jobs[i], cache)
            if isinstance(opened, FileLoad):
                results[i] = opened
            else:
                contents[i] = opened
        todo = list(contents)
    work = _Work(inputs.schemas, cache, jobs, contents)
    theirs: list[int] = []
    child = None
    child_done: Any = SimpleNamespace(value=0)  # files the child has parsed, for the progress line
    if worth_a_child(len(todo), PARALLEL_MIN):
        todo, theirs = _split(jobs, todo)
        child_done = shared_counter()
        child = fork_result(_parse_in_child, work, theirs, child_done)
        if child is None:
            todo, theirs = todo + theirs, []
    validator = NominationValidator(inputs.schemas, inputs.registry)
    total = len(todo) + len(theirs)

    def show(count: int) -> None:
        progress.update("Đang đọc hồ sơ", count + child_done.value, total)

    done = _parse(work, todo, show)
    if child is not None:
        try:
            done += [FileLoad(jobs[i], blob, Findings(nominations, problems), reused)
                     for i, (blob, nominations, problems, reused) in zip(theirs, child.result(), strict=False)]
        except ChildFailed:
            child_done.value = len(todo)
            done += _parse(work, theirs, show)
        progress.update("Đang đọc hồ sơ", total, total)
    progress.note("Đang kiểm tra dữ liệu hồ sơ theo lược đồ…")
    for parsed in done:
        if not parsed.reused:
            validator.validate(parsed.found)
    for i, result in zip(todo + theirs, done, strict=False):
        results[i] = result
    for file_load in results:
        assert file_load is not None
        found.merge(file_load.found)
        if file_load.blob is not None:
            cache.record(file_load.job.rel, file_load.blob, file_load.entry, file_load.reused)
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


class _Work(NamedTuple):
    """What parsing a file needs, in this process or the child."""
    schemas: Schemas
    cache: Cache
    jobs: list[FileJob]
    contents: dict[int, tuple[bytes, str]]  # files already read, by index in `jobs`


def _parse_in_child(work: _Work, indexes: list[int], done: Any) -> list[tuple]:
    def count(parsed: int) -> None:
        done.value = parsed

    # Without the jobs, which the parent has: less to pickle and unpickle.
    return [(r.blob, r.found.nominations, r.found.problems, r.reused) for r in _parse(work, indexes, count)]


def _parse(work: _Work, indexes: list[int], tick: Callable[[int], None]) -> list[FileLoad]:
    results = []
    for i in indexes:
        results.append(load_file(work.schemas, work.jobs[i], work.contents.get(i), work.cache))
        tick(len(results))
    return results
