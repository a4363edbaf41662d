"""The only module that writes files: the generated docs tree.

Writes are atomic (temporary file, then rename), skip files whose content is
unchanged (so MkDocs' live reload and rebuilds see only real edits), remove files
the catalog no longer produces, and never leave the output folder.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path


class UnsafePath(ValueError):
    """A generated path that would land outside the output folder."""


@dataclass(frozen=True, slots=True)
class WriteStats:
    written: int
    unchanged: int
    removed: int


def write_tree(output_dir: Path, pages: dict[str, str | bytes]) -> WriteStats:
    """Make ``output_dir`` hold exactly ``pages`` (plus dotfiles, which are left alone)."""
    output_dir.mkdir(parents=True, exist_ok=True)
    root = output_dir.resolve()
    folders = _Folders(root, create=True)
    targets = {}
    for relative, content in pages.items():
        folder, name = _split(relative)
        targets[folders.get(folder, relative) / name] = content
    written = unchanged = 0
    for target, content in sorted(targets.items()):
        data = content.encode("utf-8") if isinstance(content, str) else content
        if _holds(target, data):
            unchanged += 1
            continue
        if target.is_symlink():
            raise UnsafePath(f"refusing to write {target.relative_to(root)}: it is a symbolic link")
        _atomic_write(target, data)
        written += 1
    removed = _remove_stale(root, set(targets))
    return WriteStats(written, unchanged, removed)


def write_files(output_dir: Path, files: dict[str, str | bytes], previous: Path | None = None) -> int:
    """Write files into a folder that is rebuilt from scratch (the built site): no
    comparison with what is there, but the same path checks.

    ``previous``: the site's last build, set aside (``set_aside``). A file found there with
    the very bytes to write is moved into place instead of written: a rebuild after a
    small edit then writes only what changed, which on a slow disk is most of its time."""
    output_dir.mkdir(parents=True, exist_ok=True)
    folders = _Folders(output_dir.resolve(), create=True)
    old = _Folders(previous.resolve(), create=False) if previous is not None and previous.is_dir() else None
    for relative, content in files.items():
        folder, name = _split(relative)
        parent = folders.get(folder, relative)
        target = parent / name
        if folder in folders.existed and target.is_symlink():
            raise UnsafePath(f"refusing to write {relative!r}: it is a symbolic link")
        data = content.encode("utf-8") if isinstance(content, str) else content
        old_parent = old.get(folder, relative) if old is not None else None
        if old_parent is not None and _holds(old_parent / name, data):
            os.replace(old_parent / name, target)
        else:
            target.write_bytes(data)
    return len(files)


def _split(relative: str) -> tuple[str, str]:
    """``relative`` as (folder, name), refused unless it is a plain path inside a folder:
    not absolute, no empty, ``.``, ``..`` or hidden part."""
    parts = relative.split("/")
    if any(not part or part.startswith(".") for part in parts):
        raise UnsafePath(f"refusing to write {relative!r}: not a plain path inside the output folder")
    return "/".join(parts[:-1]), parts[-1]


class _Folders:
    """The folders of a tree, each checked once, from the root down: a real folder, not a
    link, so that every path below it stays inside the root (one ``lstat`` or ``mkdir``
    per folder, where resolving each path costs one per component on a slow disk).
    ``create``: make missing folders (else ``get`` gives None for them, and for links)."""

    def __init__(self, root: Path, create: bool) -> None:
        self.root = root
        self.create = create
        self._known: dict[str, Path | None] = {"": root}
        self.existed: set[str] = {""}  # folders that were there before (may hold links)

    def get(self, folder: str, relative: str) -> Path | None:
        if folder in self._known:
            return self._known[folder]
        head, _, name = folder.rpartition("/")
        parent = self.get(head, relative)
        path = None
        if parent is not None:
            path = parent / name
            try:
                if not self.create:
                    raise FileExistsError
                path.mkdir()
            except FileExistsError:
                self.existed.add(folder)
                if path.is_symlink() or not path.is_dir():
                    if self.create:
                        raise UnsafePath(f"refusing to write {relative!r}: {folder} is not a plain folder") from None
                    path = None
            except FileNotFoundError:
                path = None
        self._known[folder] = path
        return path


# Where ``set_aside`` keeps the last build inside the site folder: MkDocs' clean-up of the
# site leaves names that start with a dot alone.
PREVIOUS = ".catalog-previous"


def set_aside(site: Path) -> Path | None:
    """Move the site's last build into ``site/.catalog-previous`` (a handful of renames,
    where deleting it file by file takes seconds per thousand pages); ``write_files`` takes
    unchanged files back from there and ``drop_previous`` removes the rest. Entries whose
    names start with a dot (a deploy checkout's ``.git``) stay where they are. Returns the
    folder, or None when there was no earlier build or it could not be moved."""
    previous = site / PREVIOUS
    drop_previous(previous)  # left by a build that failed
    if not site.is_dir() or site.is_symlink():
        return None
    entries = [entry for entry in site.iterdir() if not entry.name.startswith(".")]
    if not entries:
        return None
    try:
        previous.mkdir()
        for entry in entries:
            os.replace(entry, previous / entry.name)
    except OSError:
        return previous if previous.is_dir() else None
    return previous


def drop_previous(previous: Path | None) -> None:
    if previous is not None and previous.is_dir() and not previous.is_symlink():
        shutil.rmtree(previous, ignore_errors=True)


def _holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a regular file (not a link) holding exactly ``data``."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def _atomic_write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _remove_stale(root: Path, keep: set[Path]) -> int:
    removed = 0
    for path in sorted(root.rglob("*"), reverse=True):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.is_file() and path not in keep:
            path.unlink()
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return removed
