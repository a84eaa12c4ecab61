"""Regular expressions compiled once per machine, not at every start.

The rule tables (intents, slots, fair housing) hold a few hundred patterns, some with hundreds of
alternatives; parsing and compiling them was a third of `ehub chat`'s CPU, paid again by every
process since `re` caches only in memory. What compiling produces, the program the regular
expression engine runs, depends only on the pattern, its flags and the interpreter, so `compiled`
keeps the programs in the machine's cache (`ehub.machine_cache`, one file per interpreter build)
and later processes build their patterns from it: the same `re.Pattern` objects `re.compile`
returns. A pattern not in the file, a damaged entry or an interpreter without these internals
compiles as usual; the file is rewritten at exit when a process compiled new patterns.
"""

from __future__ import annotations

import atexit
import hashlib
import re
import sys
from typing import Any

from ehub import machine_cache

try:  # the engine's own compiler steps: what `re.compile` runs, kept apart so the result can be stored
    import _sre
    from re import _compiler, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another interpreter: plain `re.compile`
    _sre = None

# flags, code, groups, group index, index group: the arguments `re` passes to `_sre.compile`
Program = tuple[int, list[int], int, dict[str, int], tuple[str | None, ...]]

_BUILD = f"{sys.version}|{getattr(_sre, 'MAGIC', '')}|{getattr(_sre, 'CODESIZE', '')}"
CACHE_NAME = f"patterns-{hashlib.sha256(_BUILD.encode()).hexdigest()[:12]}"

MAX_STORED = 4000  # programs in the file; the rule tables have about 330

_programs: dict[tuple[str, int], Program] | None = None
_compiled_here: dict[tuple[str, int], Program] = {}
_patterns: dict[tuple[str, int], re.Pattern[str]] = {}


def compiled(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, from the stored program when this machine has compiled it before."""
    if _sre is None:
        return re.compile(pattern, flags)
    key = (pattern, int(flags))
    if key not in _patterns:
        _patterns[key] = _from_stored(key) or _compile_new(key)
    return _patterns[key]


def _from_stored(key: tuple[str, int]) -> re.Pattern[str] | None:
    program = _stored().get(key)
    if program is None:
        return None
    try:
        return _sre.compile(key[0], *program)  # type: ignore[no-any-return]
    except (TypeError, ValueError, RuntimeError):  # a damaged entry: compiled anew
        return None


def _compile_new(key: tuple[str, int]) -> re.Pattern[str]:
    try:
        program = _program(*key)
        pattern: re.Pattern[str] = _sre.compile(key[0], *program)
    except Exception:  # internals other than this interpreter's (a new Python): compiled as `re` does, not stored
        return re.compile(*key)
    if not _compiled_here:
        atexit.register(_store)
    _compiled_here[key] = program
    return pattern


def _program(pattern: str, flags: int) -> Program:
    """What `re._compiler.compile` hands the engine for `pattern`."""
    parsed: Any = _parser.parse(pattern, flags)
    code = [int(word) for word in _compiler._code(parsed, flags)]  # plain ints, as `marshal` stores them
    group_index = dict(parsed.state.groupdict)
    index_group: list[str | None] = [None] * parsed.state.groups
    for name, index in group_index.items():
        index_group[index] = name
    return flags | parsed.state.flags, code, parsed.state.groups - 1, group_index, tuple(index_group)


def _stored() -> dict[tuple[str, int], Program]:
    global _programs
    if _programs is None:
        stored = machine_cache.read(CACHE_NAME)
        _programs = stored if isinstance(stored, dict) else {}
    return _programs


def _store() -> None:
    """Add this process's new programs to the file. Programs of patterns since changed pile up in it:
    past MAX_STORED it keeps only those this process used."""
    stored = _stored()
    if len(stored) + len(_compiled_here) > MAX_STORED:
        stored = {key: program for key, program in stored.items() if key in _patterns}
    machine_cache.write(CACHE_NAME, {**stored, **_compiled_here})
