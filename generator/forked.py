"""Work done in a forked child process while this one goes on.

Used where a large catalog has seconds of pure-Python work that needs nothing from
what this process does next: the text signals of related papers (during tags and
mentions) and the paper pages (during the listings and MkDocs).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any


def worth_forking(size: int, threshold: int) -> bool:
    """Whether to fork for work on ``size`` items: only from ``threshold`` items (below,
    starting the process costs more than it saves), with a second core, and only where
    it is safe: fork on Linux, in a process with no other thread (a fork copies only
    the calling thread, so a lock another thread holds would stay locked in the child;
    ``mkdocs serve`` runs a server thread, for one)."""
    return (
        size >= threshold
        and (os.cpu_count() or 1) >= 2
        and sys.platform == "linux"
        and threading.active_count() == 1
    )


class ChildFailed(RuntimeError):
    """The child raised (the message is its traceback) or ended without a result."""


class Forked:
    """``function(*args)`` running in a forked child. ``result()`` waits for its value
    and the seconds it took; as a context manager, the child is stopped if its result
    is never taken (an error came first)."""

    def __init__(self, function: Callable[..., Any], *args: Any) -> None:
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._process: multiprocessing.process.BaseProcess | None = context.Process(
            target=_run, args=(function, args, sender), daemon=True
        )
        self._process.start()
        sender.close()

    def result(self) -> tuple[Any, float]:
        if self._process is None:
            raise ChildFailed("the result was taken already, or the child was stopped")
        try:
            status, value, seconds = self._receiver.recv()
        except (EOFError, OSError):
            status, value, seconds = "error", "the child process ended without a result", 0.0
        finally:
            self._receiver.close()
            self._process.join()
            self._process = None
        if status == "error":
            raise ChildFailed(value)
        return value, seconds

    def stop(self) -> None:
        if self._process is not None:
            self._receiver.close()
            self._process.terminate()
            self._process.join()
            self._process = None

    def __enter__(self) -> Forked:
        return self

    def __exit__(self, *_: object) -> None:
        self.stop()


def _run(function: Callable[..., Any], args: tuple[Any, ...], sender: Connection) -> None:
    started = time.perf_counter()
    try:
        result = ("ok", function(*args), time.perf_counter() - started)
    except Exception:  # noqa: BLE001 - handed to the parent, with its traceback
        result = ("error", traceback.format_exc(), 0.0)
    sender.send(result)
    sender.close()
