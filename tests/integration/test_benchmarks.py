"""The benchmarks stay runnable: a small `ehub bench api` against the real service, end to end.

Figures are reported, never asserted against a time budget (the machines are shared); what is
asserted is that every phase ran the requests it should have, without errors.
"""

from __future__ import annotations

import pytest

from ehub.db import Database
from tools.bench import percentile_ms
from tools.bench_api import CONVERSATION, bench_api


def test_percentiles_are_nearest_rank() -> None:
    timings = [n / 1000 for n in range(1, 101)]  # 1 .. 100 ms
    assert (percentile_ms(timings, 0.5), percentile_ms(timings, 0.95), percentile_ms(timings, 0.99)) == (50, 95, 99)
    assert percentile_ms([0.004], 0.99) == 4 and percentile_ms([], 0.95) == 0


@pytest.mark.slow
def test_the_api_benchmark_drives_whole_conversations_and_a_bare_endpoint(server_admin_url: str) -> None:
    result = bench_api(Database(server_admin_url), leads=4, scale=0.05, think=0.02, conversations=2)
    figures = result.as_dict()
    assert figures["errors"] == 0, figures
    expected = 4 * 2 * len(CONVERSATION)
    assert {name: phase.requests for name, phase in result.phases.items()} == {
        "paced chat": expected,
        "paced bare": expected,
        "saturated chat": expected,
        "saturated bare": expected,
    }
    assert 0 < figures["chat_p50_ms"] <= figures["chat_p95_ms"] <= figures["chat_p99_ms"]
    assert figures["saturated_throughput_ratio"] > 0 and figures["paced_throughput_ratio"] > 0
    chat, bare = result.phases["saturated chat"], result.phases["saturated bare"]
    assert chat.cpu_ms_per_request["server"] > bare.cpu_ms_per_request["server"], "a chat turn does real work"
    # PostgreSQL's CPU is reported when its processes can be found on this machine (not always under
    # parallel test workers, each with its own embedded server).
    assert chat.cpu_ms_per_request.get("postgres", 1.0) > 0, "and it reaches the database"
