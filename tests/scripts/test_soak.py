"""The soak script's pure helpers (the soak itself starts servers and is never run by CI)."""

from __future__ import annotations

import argparse
import math

import pytest

from scripts.soak import (
    Growth,
    Load,
    Sample,
    clock,
    is_answer,
    memory_growth,
    percentile,
    positive_float,
    positive_int,
    report,
    vm_rss_mb,
)


def sample(elapsed: float, rasa: float, actions: float = 100.0) -> Sample:
    return Sample(elapsed, 0, 0.0, 0.0, 0, rasa, actions)


def test_percentile_by_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 95) == 95.0
    assert percentile(values, 50) == 50.0
    assert percentile([3.0, 1.0, 2.0], 95) == 3.0
    assert percentile([7.0], 95) == 7.0
    assert math.isnan(percentile([], 95))


def test_vm_rss_is_read_in_mb() -> None:
    status = "Name:\trasa\nVmHWM:\t  900000 kB\nVmRSS:\t  524288 kB\nThreads:\t12\n"
    assert vm_rss_mb(status) == 512.0
    assert math.isnan(vm_rss_mb("Name:\tzombie\n"))


def test_an_answer_is_200_with_messages() -> None:
    assert is_answer(200, [{"recipient_id": "x", "text": "hi"}])
    assert not is_answer(200, [])
    assert not is_answer(200, {"error": "x"})
    assert not is_answer(500, [{"text": "hi"}])


def test_clock() -> None:
    assert clock(0) == "0:00" and clock(125.7) == "2:05" and clock(600) == "10:00"


def test_growth_below_five_percent_is_flat() -> None:
    assert not Growth("rasa", 1000, 1049).growing
    assert not Growth("rasa", 1000, 900).growing
    assert Growth("rasa", 1000, 1050).growing
    assert Growth("rasa", 1000, math.nan).growing  # the server vanished


def test_memory_growth_starts_after_the_warm_up() -> None:
    samples = [sample(30, 500), sample(60, 800), sample(90, 950), sample(120, 1000), sample(150, 1010),
               sample(180, 1030, actions=120)]
    rasa, actions = memory_growth(samples)
    assert (rasa.start_mb, rasa.end_mb, rasa.growing) == (1000, 1030, False)
    assert (actions.start_mb, actions.end_mb, actions.growing) == (100, 120, True)
    assert memory_growth(samples[:4]) is None  # only the sample at 2:00 itself
    assert memory_growth(samples[:2]) is None


def finished(messages: int, errors: int) -> Load:
    load = Load("http://127.0.0.1:9/webhook", users=1)
    load.messages, load.errors, load.latencies = messages, errors, [0.1] * messages
    return load


def test_exit_code_fails_on_errors_or_growing_memory(capsys) -> None:
    flat = [sample(t, 1000 + t / 100) for t in range(30, 301, 30)]
    growing = [sample(t, 1000 + t) for t in range(30, 301, 30)]
    assert report(finished(600, 0), flat, 300) == 0
    out = capsys.readouterr().out
    assert "errors 0" in out and "memory: FLAT" in out and "600 messages in 5:00 (2.0 msg/s)" in out
    assert report(finished(100, 1), flat, 300) == 1
    assert report(finished(100, 0), growing, 300) == 1
    assert "memory: GROWING" in capsys.readouterr().out
    # too short to judge memory: only errors count
    assert report(finished(10, 0), flat[:2], 60) == 0
    assert "not measured" in capsys.readouterr().out


@pytest.mark.parametrize("raw", ["0", "-1", "nan", "inf"])
def test_minutes_must_be_positive(raw: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        positive_float(raw)


def test_users_must_be_positive() -> None:
    assert positive_int("4") == 4 and positive_float("0.5") == 0.5
    with pytest.raises(argparse.ArgumentTypeError):
        positive_int("0")
