"""A second process for independent work, where the platform can fork.

Forked, not spawned: the child starts from this process's state (schemas, registry, cache,
Frictionless already imported) and its arguments are not pickled. Only a single-threaded
process forks (forking with threads running can deadlock); callers do the work in-process
when no child is available, so results never depend on it.

THIDUA_WORKERS=1 turns children off; THIDUA_WORKERS=2 uses one whatever the amount of work
(tests); unset, a child is used when there are two CPUs and enough work.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any


class ChildFailed(Exception):
    """The child raised or died; the caller does its share of the work instead."""


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worth_a_child(amount: int, minimum: int) -> bool:
    """Whether to split `amount` items of work with a child process."""
    setting = os.environ.get("THIDUA_WORKERS", "")
    if setting == "1":
        return False
    if setting != "2" and (_cpus() < 2 or amount < minimum):
        return False
    return _can_fork()


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


class Child:
    def __init__(self, process: Any, connection: Any) -> None:
        self.process = process
        self.connection = connection

    def result(self) -> Any:
        """The child's return value; raises ChildFailed when it failed or died."""
        try:
            status, value = self.connection.recv()
        except (EOFError, OSError) as exc:
            status, value = "died", f"{type(exc).__name__}: {exc}"
        finally:
            self.connection.close()
            self.process.join()
        if status != "ok":
            raise ChildFailed(value)
        return value


def shared_counter() -> Any:
    """An integer in shared memory: a forked child sets `.value`, this process reads it.

    Without shared memory, a plain one: the child's count is then not seen here."""
    try:
        return multiprocessing.RawValue("q", 0)
    except OSError:
        return SimpleNamespace(value=0)


def fork_result(func: Callable[..., Any], *args: Any) -> Child | None:
    """Start func(*args) in a forked child; None when this process cannot fork."""
    if not _can_fork():
        return None
    context = multiprocessing.get_context("fork")
    try:
        receive, send = context.Pipe(duplex=False)
        process = context.Process(target=_send_result, args=(send, func, args), daemon=True)
        _flush()
        process.start()
    except OSError:  # out of processes or memory: the caller does the work itself
        return None
    send.close()
    return Child(process, receive)


def fork_call(func: Callable[..., None], *args: Any) -> Any | None:
    """Start func(*args) in a forked child and return it (`join()` it); None when this process cannot fork."""
    if not _can_fork():
        return None
    process = multiprocessing.get_context("fork").Process(target=_quietly, args=(func, args))
    _flush()
    try:
        process.start()
    except OSError:
        return None
    return process


def _flush() -> None:
    # Buffered output would otherwise be written twice, by parent and child.
    sys.stdout.flush()
    sys.stderr.flush()


def _send_result(send: Any, func: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        message: tuple[str, Any] = ("ok", func(*args))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which redoes the work
        message = ("error", f"{type(exc).__name__}: {exc}")
    try:
        send.send(message)
    except BaseException as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled
        send.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        send.close()


def _quietly(func: Callable[..., None], args: tuple[Any, ...]) -> None:
    try:
        func(*args)
    except BaseException:  # noqa: BLE001 - never a traceback from a helper process
        os._exit(1)
