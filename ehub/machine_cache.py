"""Files a process derives once and later processes read instead of deriving again (compiled
regular expressions, trained models in a quicker form), under the user's cache directory.

Values are stored with `marshal`, the format of Python's own bytecode cache, so only plain data
(numbers, strings, lists, tuples, dicts) goes in, and each name carries the interpreter's cache
tag, since the format may change between versions. A missing, unreadable or damaged file reads as
None, and a home without room or write access leaves every process deriving, as it did before.
"""

from __future__ import annotations

import marshal
import os
import sys
import tempfile
from pathlib import Path
from typing import Any


def _cache_dir() -> Path | None:
    """`$XDG_CACHE_HOME/ehub`, else `~/.cache/ehub`; None for a user without a home (nothing cached)."""
    if configured := os.environ.get("XDG_CACHE_HOME"):
        return Path(configured) / "ehub"
    try:
        return Path.home() / ".cache" / "ehub"
    except RuntimeError:  # no HOME and no password entry
        return None


CACHE_DIR = _cache_dir()


def cache_file(name: str) -> Path | None:
    return CACHE_DIR / f"{name}-{sys.implementation.cache_tag}.marshal" if CACHE_DIR else None


def read(name: str) -> Any:
    """The value stored under `name`, or None."""
    path = cache_file(name)
    if path is None:
        return None
    try:
        # the user's own cache, as trusted as the bytecode Python keeps beside the sources
        return marshal.loads(path.read_bytes())  # noqa: S302  # nosec B302
    except (OSError, ValueError, EOFError, TypeError):
        return None


def write(name: str, value: Any) -> None:
    """Store `value` under `name`: written whole, then renamed into place, so readers never see half."""
    path = cache_file(name)
    if path is None:
        return
    try:
        data = marshal.dumps(value)
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{name}-")
    except (OSError, ValueError):
        return
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        Path(temporary).replace(path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
