"""Benchmark the running bot: latency, throughput, memory and training time.

Usage: python -m scripts.benchmark [--model PATH] [--messages 200] [--users 20] [--train]
Starts its own action server and Rasa server (with the token-protected API, for /model/parse)
on free local ports, sends simulated patient conversations over the REST channel, and prints
p50/p95/p99 latency and throughput for 1 conversation and for N concurrent ones, the same for
/model/parse (NLU alone), the Rasa server's peak memory, and (with --train) a cold training time.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import requests

from scripts.stack import BIN, MODEL, ROOT, Stack

# Mixed questions, follow-ups and source requests, as patients send them.
CONVERSATIONS = [
    ["hello", "what causes lower back pain", "tell me more", "where is that from?"],
    ["what are stem cells", "is it approved?", "does it actually work?", "sources please"],
    ["i think i have sciatica", "do i need an mri", "what about surgery", "thanks"],
    ["what is bmac", "is it safe?", "how much does it cost", "are there any trials i could join"],
    ["my clinic says their stem cells are fda registered", "how do i report a bad reaction", "bye"],
    ["should i stay in bed", "what exercises help", "is heat or ice better", "what painkillers are used"],
]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered)) - 1))
    return ordered[index]


def run_load(send: Callable[[requests.Session, str, str], None], users: int, total: int) -> dict[str, float]:
    """Send `total` messages from `users` concurrent simulated patients; return figures."""
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    per_user = max(1, total // users)

    def patient(index: int) -> None:
        nonlocal errors
        session = requests.Session()
        # Each simulated patient goes through whole conversations of realistic length, each
        # under a new sender id, as real visitors do (a 100-turn conversation is not typical,
        # and Rasa's cost per turn grows with the length of the conversation).
        conversations = CONVERSATIONS[index % len(CONVERSATIONS):] + CONVERSATIONS[: index % len(CONVERSATIONS)]
        turns = [(sender, text) for sender, texts in ((uuid.uuid4().hex, c) for c in conversations) for text in texts]
        for turn in range(per_user):
            sender, text = turns[turn % len(turns)]
            started = time.perf_counter()
            try:
                send(session, sender, text)
                ok = True
            except requests.RequestException:
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                errors += 0 if ok else 1

    threads = [threading.Thread(target=patient, args=(i,)) for i in range(users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {
        "messages": len(latencies),
        "errors": errors,
        "throughput": len(latencies) / wall,
        "p50_ms": percentile(latencies, 50) * 1000,
        "p95_ms": percentile(latencies, 95) * 1000,
        "p99_ms": percentile(latencies, 99) * 1000,
        "mean_ms": statistics.fmean(latencies) * 1000,
    }


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process, in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cold_training_seconds() -> float:
    """Time a full training from scratch (empty cache) into a temporary folder."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "RASA_CACHE_DIRECTORY": str(Path(tmp) / "cache"), "RASA_TELEMETRY_ENABLED": "false"}
        started = time.perf_counter()
        subprocess.run(
            [str(BIN / "rasa"), "train", "--out", tmp, "--fixed-model-name", "bench"],
            cwd=ROOT, env=env, check=True, capture_output=True,
        )
        return time.perf_counter() - started


def show(label: str, figures: dict[str, float]) -> None:
    """Print one line of figures."""
    print(
        f"{label:<34} {figures['messages']:>5.0f} msgs  {figures['throughput']:7.1f} msg/s  "
        f"p50 {figures['p50_ms']:7.1f} ms  p95 {figures['p95_ms']:7.1f} ms  p99 {figures['p99_ms']:7.1f} ms  "
        f"errors {figures['errors']:.0f}"
    )


def main(argv: list[str] | None = None) -> int:
    """Start the bot, measure, print, stop."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--messages", type=int, default=200, help="messages per measurement")
    parser.add_argument("--users", type=int, default=20, help="concurrent conversations")
    parser.add_argument("--train", action="store_true", help="also time a cold full training")
    args = parser.parse_args(argv)

    token = secrets.token_urlsafe(16)
    with tempfile.TemporaryDirectory() as tmp:
        stack = Stack(Path(tmp), model=args.model, api_token=token)
        started = time.perf_counter()
        stack.start()
        print(f"servers up in {time.perf_counter() - started:.1f} s")
        parse_url = f"{stack.base_url}/model/parse"

        def chat(session: requests.Session, sender: str, text: str) -> None:
            response = session.post(stack.webhook, json={"sender": sender, "message": text}, timeout=60)
            response.raise_for_status()

        def parse(session: requests.Session, sender: str, text: str) -> None:
            response = session.post(parse_url, params={"token": token}, json={"text": text}, timeout=60)
            response.raise_for_status()

        try:
            run_load(chat, 2, 20)  # warm-up
            results = {
                "REST, 1 conversation": run_load(chat, 1, args.messages // 2),
                f"REST, {args.users} concurrent": run_load(chat, args.users, args.messages),
                "NLU /model/parse, 1 client": run_load(parse, 1, args.messages // 2),
                f"NLU /model/parse, {args.users} concurrent": run_load(parse, args.users, args.messages),
            }
            assert stack.rasa is not None
            memory = peak_rss_mb(stack.rasa.pid)
        finally:
            stack.stop()
    for label, figures in results.items():
        show(label, figures)
    rest = results[f"REST, {args.users} concurrent"]["throughput"]
    nlu = results[f"NLU /model/parse, {args.users} concurrent"]["throughput"]
    print(f"REST / NLU-only throughput ratio at {args.users} users: {rest / nlu:.2f}")
    print(f"Rasa server peak RSS: {memory:.0f} MB")
    if args.train:
        print(f"cold full training: {cold_training_seconds():.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
