"""Rule-table patterns read back from the machine's cache behave exactly as `re.compile`'s."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from ehub import patterns
from ehub.patterns import compiled

SAMPLES = (
    "Hi, looking for a 3 bed in Round Rock under 450k",
    "Hola, busco una casa de 3 recámaras en Austin, no quiero vender todavía",
    "Do you have homes in a neighborhood without many families with kids?",
    "no kids, no pets — perfect for a mature professional couple",
    "stop texting me",
)

# A process that compiles rule tables the way the engine's modules do and prints what they find.
PROBE = """
import sys
from ehub.machine_cache import cache_file
from ehub.patterns import CACHE_NAME, compiled
tables = [compiled(r"\\b(?:no|not|sin) (?P<who>kids|children|ninos)\\b", 2), compiled(r"(\\d+) ?(k|mil)\\b")]
found = [m.groupdict() for m in tables[0].finditer(sys.argv[1])], tables[1].findall(sys.argv[1])
print(cache_file(CACHE_NAME).exists(), *found)
"""


def probe(cache_home: Path, text: str) -> str:
    env = {"XDG_CACHE_HOME": str(cache_home), "PYTHONPATH": str(Path(__file__).parents[2])}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, text], env=env, capture_output=True, text=True, timeout=60, check=True
    )
    return result.stdout.strip()


def test_a_second_process_reads_the_patterns_from_the_cache_and_finds_the_same(tmp_path: Path) -> None:
    text = "No kids please, budget 450k or 9 mil; NOT CHILDREN"
    first, second = probe(tmp_path, text), probe(tmp_path, text)
    assert first.startswith("False") and second.startswith("True")  # the first wrote it, the second read it
    assert first.removeprefix("False") == second.removeprefix("True")
    assert "'who': 'kids'" in second and "'who': 'CHILDREN'" in second and "('450', 'k')" in second


def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "ehub"
    cache.mkdir()
    probe(tmp_path, "warm")
    (stored,) = cache.glob("patterns-*")
    stored.write_bytes(b"not a cache")
    assert "('450', 'k')" in probe(tmp_path, "450k")


@pytest.mark.parametrize("module", ["ehub.bots.engine", "ehub.compliance.fair_housing", "ehub.writing.guards"])
def test_every_cached_rule_pattern_matches_as_re_compile_does(module: str) -> None:
    __import__(module)
    assert patterns._patterns, "the rule tables compile through ehub.patterns"
    for (source, flags), pattern in patterns._patterns.items():
        expected = re.compile(source, flags)
        assert (pattern.pattern, pattern.flags, pattern.groups, pattern.groupindex) == (
            expected.pattern,
            expected.flags,
            expected.groups,
            expected.groupindex,
        )
        for text in SAMPLES:
            folded = text.lower()
            assert [m.span() for m in pattern.finditer(folded)] == [m.span() for m in expected.finditer(folded)]
    assert compiled(r"\bbed(room)?s?\b") is compiled(r"\bbed(room)?s?\b")  # one object per pattern and process


def test_programs_of_patterns_no_longer_used_leave_the_file_once_it_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ehub import machine_cache

    monkeypatch.setattr(machine_cache, "CACHE_DIR", tmp_path)
    stale = {(f"old pattern {number}", 0): patterns._program(f"old pattern {number}", 0) for number in range(3)}
    machine_cache.write(patterns.CACHE_NAME, stale)
    monkeypatch.setattr(patterns, "_programs", None)
    monkeypatch.setattr(patterns, "_compiled_here", {})
    monkeypatch.setattr(patterns, "_patterns", {})
    monkeypatch.setattr(patterns, "MAX_STORED", 4)
    compiled("old pattern 0")  # read from the file
    compiled(r"\bnew (pattern)\b")  # compiled and stored
    compiled(r"\banother new\b")
    patterns._store()
    assert set(machine_cache.read(patterns.CACHE_NAME)) == {
        ("old pattern 0", 0),
        (r"\bnew (pattern)\b", 0),
        (r"\banother new\b", 0),
    }


def test_an_interpreter_whose_internals_differ_compiles_as_re_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new Python's compiler steps may take other arguments: the rules must still load and match."""

    def changed(*_: object) -> patterns.Program:
        raise TypeError("_code() takes 3 positional arguments")  # what a changed `re._compiler` would say

    monkeypatch.setattr(patterns, "_program", changed)
    pattern = compiled(r"\b(?P<beds>\d) ?(?:bed|br)s?\b(?# never compiled before)", re.IGNORECASE)
    assert pattern.search(SAMPLES[0]).group("beds") == "3"
    assert pattern.pattern not in {key[0] for key in patterns._compiled_here}, "nothing stored from a failed step"
