"""Stages 1-2 for submission files: read and validate each file, on two processes when it pays.

A file's result (its nominations, typed, with their problems) depends only on its content,
the schemas and the registry, so files can be split between processes, and reused from the
cache, without changing any answer. Rules across files run later, on everything.
"""
from __future__ import annotations

from .load import FileJob, FileLoad, Loaded, load_file, open_file, reuse_known
from .progress import Progress
from .validate import validate_nominations
from .workers import ChildFailed, fork_result, worth_a_child

# Files to read before a second process pays for itself (its start and the results'
# transfer cost about as much as reading this many files).
PARALLEL_MIN = 300
MY_SHARE = 0.55


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
    if worth_a_child(len(todo), PARALLEL_MIN):
        todo, theirs = _split(jobs, todo)
        child = fork_result(_read_in_child, loaded, theirs, contents)
        if child is None:
            todo, theirs = todo + theirs, []
    done = _read_shard(loaded, todo, contents, progress)
    if child is not None:
        try:
            done += [FileLoad(jobs[i], *sent) for i, sent in zip(theirs, child.result())]
        except ChildFailed:
            done += _read_shard(loaded, theirs, contents, progress)
    for i, result in zip(todo + theirs, done):
        results[i] = result
    for result in results:
        assert result is not None
        loaded.nominations += result.nominations
        loaded.problems += result.problems
        if result.blob is not None:
            loaded.cache.record(result.job.rel, result.blob, result.entry, result.reused)
    progress.done()


def _split(jobs: list[FileJob], todo: list[int]) -> tuple[list[int], list[int]]:
    """Share the work by bytes, the child's a little smaller: its results still travel back."""
    total = sum(jobs[i].size for i in todo)
    running = 0
    for at, i in enumerate(todo):
        if running >= total * MY_SHARE:
            return todo[:at], todo[at:]
        running += jobs[i].size
    return todo, []


def _read_in_child(loaded: Loaded, indexes: list[int], contents: dict[int, tuple[bytes, str]]) -> list[tuple]:
    # Without the jobs, which the parent has: less to pickle and unpickle.
    return [(r.blob, r.nominations, r.problems, r.reused) for r in _read_shard(loaded, indexes, contents, None)]


def _read_shard(loaded: Loaded, indexes: list[int], contents: dict[int, tuple[bytes, str]],
                progress: Progress | None) -> list[FileLoad]:
    results = []
    for i in indexes:
        results.append(load_file(loaded, loaded.jobs[i], contents.get(i)))
        if progress is not None:
            progress.update("Đang đọc hồ sơ", len(results), len(indexes))
    validate_nominations([n for r in results if not r.reused for n in r.nominations], loaded.schemas, loaded.registry)
    return results
