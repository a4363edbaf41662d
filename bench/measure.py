"""Measuring a child process (wall time, peak memory) and a folder (bytes, files)."""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Measured:
    returncode: int
    wall: float
    max_rss: int  # bytes, the peak resident memory of this child alone
    output: str  # stdout and stderr, for the error message if it failed


def run_measured(command: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Measured:
    """Run ``command`` and wait for it with wait4, whose resource usage is that child's
    alone (RUSAGE_CHILDREN would keep the largest of all children so far)."""
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    return Measured(process.returncode, wall, usage.ru_maxrss * 1024, output)


@dataclass(frozen=True, slots=True)
class FolderSize:
    bytes: int  # sum of file sizes
    disk: int  # space used on disk, as du counts it
    files: int


def folder_size(folder: Path) -> FolderSize:
    total = disk = files = 0
    for directory, _, names in os.walk(folder):
        for name in names:
            stat = os.lstat(os.path.join(directory, name))
            total += stat.st_size
            disk += stat.st_blocks * 512
            files += 1
    return FolderSize(total, disk, files)
