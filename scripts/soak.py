"""Soak test: keep simulated patients talking to a freshly started bot and watch errors and memory.

Usage: python -m scripts.soak [--minutes 10] [--users 20] [--model PATH]
Starts its own action server and Rasa server (rate limits off) on free loopback ports, with a local
stand-in for ClinicalTrials.gov, so no traffic leaves the machine. --users simulated patients go
through whole conversations (those of scripts/benchmark.py), each under a new sender id, for
--minutes. Every 30 s it prints the messages so far, msg/s and p95 latency in the interval, the
errors (non-200, no answer at all, or a failed request) and the resident memory (VmRSS) of both
servers. At the end: totals, and the memory growth from the sample at 2 minutes (after warm-up) to
the last one, FLAT below 5 %, else GROWING. Exit 1 on any error or GROWING memory, 2 on a bad argument.
Not a test: CI never runs it.
"""

from __future__ import annotations

import argparse
import math
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import requests

from scripts.benchmark import CONVERSATIONS
from scripts.harness import FakeRegistry
from scripts.stack import MODEL, Stack

SAMPLE_SECONDS = 30.0
WARMUP_SECONDS = 120.0
GROWTH_LIMIT = 0.05  # growth below 5 % of the post-warm-up RSS is FLAT
REQUEST_TIMEOUT = 60
JOIN_SECONDS = REQUEST_TIMEOUT + 10


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank; NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1))]


def vm_rss_mb(status: str) -> float:
    """Resident memory in MB from the text of /proc/<pid>/status; NaN if it has no VmRSS line."""
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return math.nan


def rss_mb(pid: int | None) -> float:
    """Resident memory of a running process in MB; NaN if it is gone."""
    if pid is None:
        return math.nan
    try:
        return vm_rss_mb(Path(f"/proc/{pid}/status").read_text())
    except OSError:
        return math.nan


def is_answer(status_code: int, body: object) -> bool:
    """A good reply of the REST channel: HTTP 200 with a non-empty list of messages."""
    return status_code == 200 and isinstance(body, list) and len(body) > 0


def clock(seconds: float) -> str:
    """Elapsed time as m:ss."""
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


@dataclass(frozen=True)
class Sample:
    """The figures printed every SAMPLE_SECONDS."""

    elapsed: float
    messages: int
    rate: float
    p95_ms: float
    errors: int
    rasa_mb: float
    actions_mb: float

    def line(self) -> str:
        """One printed line."""
        return (
            f"{clock(self.elapsed):>6} {self.messages:>8} msgs {self.rate:7.1f} msg/s  p95 {self.p95_ms:7.0f} ms  "
            f"errors {self.errors:>4}  RSS rasa {self.rasa_mb:6.0f} MB  actions {self.actions_mb:5.0f} MB"
        )


@dataclass(frozen=True)
class Growth:
    """Memory of one server after warm-up and at the end."""

    name: str
    start_mb: float
    end_mb: float

    @property
    def fraction(self) -> float:
        """Growth relative to the post-warm-up sample."""
        return (self.end_mb - self.start_mb) / self.start_mb if self.start_mb > 0 else math.nan

    @property
    def growing(self) -> bool:
        """True unless growth is below GROWTH_LIMIT (a vanished process counts as growing)."""
        return not self.fraction < GROWTH_LIMIT

    def line(self) -> str:
        """One printed line."""
        return (
            f"  {self.name:<8} {self.start_mb:6.0f} MB -> {self.end_mb:6.0f} MB  "
            f"{self.end_mb - self.start_mb:+6.0f} MB ({self.fraction:+.1%})  {'GROWING' if self.growing else 'FLAT'}"
        )


def memory_growth(samples: list[Sample], warmup: float = WARMUP_SECONDS) -> list[Growth] | None:
    """Growth of each server from the first sample at or after `warmup` to the last; None if too short."""
    after = [s for s in samples if s.elapsed >= warmup]
    if len(after) < 2:
        return None
    first, last = after[0], after[-1]
    return [Growth("rasa", first.rasa_mb, last.rasa_mb), Growth("actions", first.actions_mb, last.actions_mb)]


class Load:
    """Simulated patients sending whole conversations until stopped; thread-safe counters."""

    def __init__(self, webhook: str, users: int) -> None:
        """Prepare `users` patient threads; start nothing yet."""
        self.webhook = webhook
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.messages = 0
        self.errors = 0
        self.latencies: list[float] = []  # the whole run
        self.interval: list[float] = []  # since the last sample
        self.threads = [threading.Thread(target=self.patient, args=(i,), daemon=True) for i in range(users)]

    def send(self, session: requests.Session, sender: str, text: str) -> bool:
        """Post one message; True if the bot answered."""
        try:
            response = session.post(self.webhook, json={"sender": sender, "message": text}, timeout=REQUEST_TIMEOUT)
            return is_answer(response.status_code, response.json() if response.status_code == 200 else None)
        except (requests.RequestException, ValueError):
            return False

    def patient(self, index: int) -> None:
        """Loop over the conversations, each under a fresh sender id, starting at a different one per patient."""
        session = requests.Session()
        turn = index
        while not self.stop.is_set():
            sender = uuid.uuid4().hex
            for text in CONVERSATIONS[turn % len(CONVERSATIONS)]:
                if self.stop.is_set():
                    return
                started = time.perf_counter()
                ok = self.send(session, sender, text)
                latency = time.perf_counter() - started
                with self.lock:
                    self.messages += 1
                    self.errors += not ok
                    self.latencies.append(latency)
                    self.interval.append(latency)
                if not ok:
                    self.stop.wait(1.0)  # no tight loop against a server that is down
            turn += 1

    def start(self) -> None:
        """Start all patients."""
        for thread in self.threads:
            thread.start()

    def finish(self) -> None:
        """Stop the patients and wait for their last requests (each has its own timeout)."""
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=JOIN_SECONDS)

    def take_interval(self) -> tuple[int, int, list[float]]:
        """Messages and errors so far, and the latencies since the last call."""
        with self.lock:
            interval, self.interval = self.interval, []
            return self.messages, self.errors, interval


def run(stack: Stack, users: int, seconds: float) -> tuple[Load, list[Sample]]:
    """Run the load for `seconds`, sampling every SAMPLE_SECONDS; stops early if a server dies."""
    assert stack.rasa is not None and stack.actions is not None
    load = Load(stack.webhook, users)
    samples: list[Sample] = []
    started = last = time.monotonic()
    load.start()
    try:
        while True:
            elapsed = time.monotonic() - started
            tick = min(seconds, (math.floor(elapsed / SAMPLE_SECONDS) + 1) * SAMPLE_SECONDS)
            load.stop.wait(max(0.0, started + tick - time.monotonic()))
            now = time.monotonic()
            messages, errors, interval = load.take_interval()
            sample = Sample(
                now - started, messages, len(interval) / max(now - last, 1e-9), percentile(interval, 95) * 1000,
                errors, rss_mb(stack.rasa.pid), rss_mb(stack.actions.pid),
            )
            last = now
            samples.append(sample)
            print(sample.line(), flush=True)
            servers = (("rasa", stack.rasa), ("actions", stack.actions))
            died = [name for name, process in servers if process.poll() is not None]
            if died:
                print(f"{' and '.join(died)} server exited: stopping early", flush=True)
                break
            if sample.elapsed >= seconds:
                break
    finally:
        load.finish()
    return load, samples


def report(load: Load, samples: list[Sample], seconds: float) -> int:
    """Print totals and the memory verdict; the exit code."""
    latencies = load.latencies
    duration = samples[-1].elapsed if samples else seconds
    print(
        f"\ntotal: {load.messages} messages in {clock(duration)} ({load.messages / max(duration, 1e-9):.1f} msg/s), "
        f"p50 {percentile(latencies, 50) * 1000:.0f} ms, p95 {percentile(latencies, 95) * 1000:.0f} ms, "
        f"p99 {percentile(latencies, 99) * 1000:.0f} ms, errors {load.errors}"
    )
    growth = memory_growth(samples)
    growing = False
    if growth is None:
        print(f"memory growth: not measured (needs samples after the {clock(WARMUP_SECONDS)} warm-up; run longer)")
    else:
        print(f"memory growth (last sample minus the one at {clock(WARMUP_SECONDS)}):")
        for item in growth:
            print(item.line())
        growing = any(item.growing for item in growth)
        print(f"memory: {'GROWING' if growing else 'FLAT'}")
    return 1 if load.errors or growing or not samples or samples[-1].elapsed < seconds else 0


def positive_float(raw: str) -> float:
    """Argparse type: a finite number greater than 0."""
    value = float(raw)
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{raw!r} must be greater than 0")
    return value


def positive_int(raw: str) -> int:
    """Argparse type: a whole number greater than 0."""
    value = int(raw)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{raw!r} must be greater than 0")
    return value


def main(argv: list[str] | None = None) -> int:
    """Start the bot and a fake trial registry, run the load, print, stop everything."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=positive_float, default=10.0, help="how long to run the load")
    parser.add_argument("--users", type=positive_int, default=20, help="concurrent simulated patients")
    parser.add_argument("--model", type=Path, default=MODEL)
    args = parser.parse_args(argv)
    if not args.model.is_file():
        print(f"no model at {args.model}: run `make train`", file=sys.stderr)
        return 2
    seconds = args.minutes * 60
    registry = FakeRegistry().start()
    try:
        with tempfile.TemporaryDirectory() as tmp:
            stack = Stack(Path(tmp), model=args.model)
            stack.env["RATE_LIMIT_PER_CONVERSATION"] = "0"
            stack.env["RATE_LIMIT_PER_CLIENT"] = "0"
            stack.env["CTGOV_API_URL"] = registry.url
            try:
                started = time.perf_counter()
                stack.start()
                up = time.perf_counter() - started
                print(f"servers up in {up:.1f} s; {args.users} simulated patients for {clock(seconds)}", flush=True)
                load, samples = run(stack, args.users, seconds)
            finally:
                stack.stop()
    finally:
        registry.stop()
    return report(load, samples, seconds)


if __name__ == "__main__":
    sys.exit(main())
