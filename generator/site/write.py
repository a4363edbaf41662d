"""The only module that writes files: the generated docs tree.

Writes are atomic (temporary file, then rename), skip files whose content is
unchanged (so MkDocs' live reload and rebuilds see only real edits), remove files
the catalog no longer produces, and never leave the output folder.
"""

from __future__ import annotations

import os
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
    targets = {_safe_target(root, relative): content for relative, content in pages.items()}
    written = unchanged = 0
    for target, content in sorted(targets.items()):
        data = content.encode("utf-8") if isinstance(content, str) else content
        if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
            unchanged += 1
            continue
        _atomic_write(target, data)
        written += 1
    removed = _remove_stale(root, set(targets))
    return WriteStats(written, unchanged, removed)


def write_files(output_dir: Path, files: dict[str, str | bytes]) -> int:
    """Write files into a folder that is rebuilt from scratch (the built site): no
    comparison with what is there, but the same path checks."""
    root = output_dir.resolve()
    folders: dict[str, Path] = {}  # folder as written -> resolved and created
    for relative, content in files.items():
        folder, _, name = relative.rpartition("/")
        parent = folders.get(folder)
        if parent is None:
            # Resolved once per folder (every component is an lstat on a slow disk).
            parent = _safe_target(root, f"{folder}/{name}" if folder else name).parent
            parent.mkdir(parents=True, exist_ok=True)
            folders[folder] = parent.resolve()
            parent = folders[folder]
            if not parent.is_relative_to(root):
                raise UnsafePath(f"refusing to write {relative!r}: it resolves outside {root}")
        if not name or name.startswith(".") or name == "..":
            raise UnsafePath(f"refusing to write {relative!r}: not a plain path inside the output folder")
        target = parent / name
        if target.is_symlink():
            raise UnsafePath(f"refusing to write {relative!r}: it is a symbolic link")
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return len(files)


def _safe_target(root: Path, relative: str) -> Path:
    parts = Path(relative).parts
    if not parts or Path(relative).is_absolute() or any(p in ("..", "") or p.startswith(".") for p in parts):
        raise UnsafePath(f"refusing to write {relative!r}: not a plain path inside the output folder")
    target = (root / relative).resolve()
    if not target.is_relative_to(root):
        raise UnsafePath(f"refusing to write {relative!r}: it resolves outside {root}")
    return target


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
