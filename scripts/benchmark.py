"""Benchmark the bot as deployed: throughput, latency, memory, against NLU alone and a default set-up.

Usage: python -m scripts.benchmark [--model PATH] [--messages 400] [--users 20] [--replicas 2] [--train]

One command, one run, everything on loopback. It starts, measures and stops in turn:
  1. this bot as `make run` starts it (action server + Rasa with our channel, SQLite store), with
     one Rasa worker and with two (SANIC_WORKERS=2): REST with 1 and N concurrent simulated
     patients (mixed questions, follow-ups, source requests), then /model/parse on the same
     server (NLU alone), and the Rasa server's peak memory;
  2. a default set-up: a `rasa init`-style config.yml (Rasa's default pipeline and policies),
     trained on the same data and domain, with Rasa's stock REST channel and SQL tracker store and
     without the speed-ups (RASA_SPEEDUPS=0);
  3. the production stack (PostgreSQL, Redis, nginx; scripts/cluster.py) with 1 and with
     `--replicas` Rasa replicas, if `make services` has installed them;
and prints the figures and the ratios the targets in docs/performance.md are stated in.
With --train it also times a cold full training of this bot's model.
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
import yaml

from plugins.server import SPEEDUPS_ENV
from plugins.server import command as rasa_command
from scripts import services
from scripts.cluster import Cluster
from scripts.harness import FakeRegistry
from scripts.stack import MODEL, ROOT, Stack

DEFAULT_MODEL = ROOT / "models" / "benchmark" / "default-config.tar.gz"
# A rasa init-style config: no pipeline or policies, so Rasa fills in its defaults.
DEFAULT_CONFIG = {"recipe": "default.v1", "language": "en", "assistant_id": "benchmark_default",
                  "pipeline": None, "policies": None}
# Load tests come from one address: the per-client and per-conversation limits would slow them.
NO_LIMITS = {"RATE_LIMIT_PER_CONVERSATION": "0", "RATE_LIMIT_PER_CLIENT": "0"}


def load_env(registry_url: str) -> dict[str, str]:
    """The environment every measured server gets: no rate limits, trial searches to the local stand-in."""
    return {**NO_LIMITS, "CTGOV_API_URL": registry_url}

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


def training_inputs() -> list[Path]:
    """What a model is trained from."""
    return [ROOT / "domain.yml", *sorted((ROOT / "data").rglob("*.yml"))]


def train(config: Path, out: Path, name: str, cold: bool) -> float:
    """Train a model; with `cold`, from an empty cache. Return the seconds it took."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
        if cold:
            env["RASA_CACHE_DIRECTORY"] = str(Path(tmp) / "cache")
        started = time.perf_counter()
        subprocess.run(
            rasa_command("train", "--config", str(config), "--out", str(out), "--fixed-model-name", name),
            cwd=ROOT, env=env, check=True, capture_output=True,
        )
        return time.perf_counter() - started


def default_model() -> tuple[Path, float | None]:
    """The default-config model, trained if missing or older than the data; and its training time."""
    newest_input = max(path.stat().st_mtime for path in training_inputs())
    if DEFAULT_MODEL.exists() and DEFAULT_MODEL.stat().st_mtime > newest_input:
        return DEFAULT_MODEL, None
    DEFAULT_MODEL.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "config.yml"
        config.write_text(yaml.safe_dump(DEFAULT_CONFIG))
        print("training the default-config model (once; kept in models/benchmark/)…", flush=True)
        seconds = train(config, DEFAULT_MODEL.parent, DEFAULT_MODEL.name.removesuffix(".tar.gz"), cold=True)
    return DEFAULT_MODEL, seconds


def chat_to(url: str) -> Callable[[requests.Session, str, str], None]:
    """A sender of patient messages to a REST webhook; an empty reply counts as an error."""

    def chat(session: requests.Session, sender: str, text: str) -> None:
        response = session.post(url, json={"sender": sender, "message": text}, timeout=60)
        response.raise_for_status()
        if not response.json():
            raise requests.RequestException("empty reply")

    return chat


def measure_this_bot(
    model: Path, users: int, messages: int, env: dict[str, str], workers: int = 1
) -> tuple[dict[str, dict[str, float]], float]:
    """Our `make run` stack with `workers` Rasa processes: REST (1 and N users), /model/parse; peak RSS in MB."""
    token = secrets.token_urlsafe(16)
    label = f"this bot ({workers} worker{'s' if workers > 1 else ''})"
    with tempfile.TemporaryDirectory() as tmp:
        stack = Stack(Path(tmp), model=model, api_token=token)
        stack.env.update({**env, "SANIC_WORKERS": str(workers)})
        stack.start()
        parse_url = f"{stack.base_url}/model/parse"

        def parse(session: requests.Session, sender: str, text: str) -> None:
            response = session.post(parse_url, params={"token": token}, json={"text": text}, timeout=60)
            response.raise_for_status()

        try:
            chat = chat_to(stack.webhook)
            run_load(chat, 4, 80)  # warm-up, every worker
            results = {}
            if workers == 1:
                results[f"{label}, REST, 1 conversation"] = run_load(chat, 1, messages // 4)
            results[f"{label}, REST, {users} concurrent"] = run_load(chat, users, messages)
            results[f"{label}, NLU only (/model/parse), {users} concurrent"] = run_load(parse, users, messages)
            assert stack.rasa is not None
            memory = max([peak_rss_mb(stack.rasa.pid), *(peak_rss_mb(pid) for pid in children(stack.rasa.pid))])
        finally:
            stack.stop()
    return results, memory


def children(pid: int) -> list[int]:
    """The worker processes Sanic started under a Rasa server."""
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(child) for child in found]


def measure_default(model: Path, users: int, messages: int, env: dict[str, str]) -> dict[str, float]:
    """The default set-up: default config, Rasa's own REST channel and SQL tracker store."""
    with tempfile.TemporaryDirectory() as tmp:
        credentials = Path(tmp) / "credentials.yml"
        credentials.write_text("rest:\n")
        endpoints = Path(tmp) / "endpoints.yml"
        endpoints.write_text(
            "action_endpoint:\n  url: ${ACTION_SERVER_URL}\n"
            "tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: ${TRACKER_DB}\n"
        )
        stack = Stack(Path(tmp), model=model, endpoints=str(endpoints), credentials=str(credentials))
        stack.env.update({**env, SPEEDUPS_ENV: "0"})  # Rasa as it comes
        stack.start()
        try:
            chat = chat_to(stack.webhook)
            run_load(chat, 2, 40)
            return run_load(chat, users, messages)
        finally:
            stack.stop()


def measure_cluster(
    model: Path, replicas: int, users: int, messages: int, env: dict[str, str], workers: int = 1
) -> tuple[dict[str, float], dict[str, float]]:
    """The production stack behind nginx: REST, then /model/parse on the same servers."""
    token = secrets.token_urlsafe(16)
    with tempfile.TemporaryDirectory() as tmp:
        cluster = Cluster(Path(tmp), replicas=replicas, model=model, env={**env, "SANIC_WORKERS": str(workers)},
                          api_token=token)
        parse_url = f"{cluster.base_url}/model/parse"

        def parse(session: requests.Session, sender: str, text: str) -> None:
            response = session.post(parse_url, params={"token": token}, json={"text": text}, timeout=60)
            response.raise_for_status()

        try:
            cluster.start()
            chat = chat_to(cluster.webhook)
            run_load(chat, 4, 80)  # warm-up, every worker
            return run_load(chat, users, messages), run_load(parse, users, messages)
        finally:
            cluster.stop()


def show(label: str, figures: dict[str, float]) -> None:
    """Print one line of figures."""
    print(
        f"{label:<44} {figures['messages']:>5.0f} msgs  {figures['throughput']:6.1f} msg/s  "
        f"p50 {figures['p50_ms']:6.0f} ms  p95 {figures['p95_ms']:6.0f} ms  p99 {figures['p99_ms']:6.0f} ms  "
        f"errors {figures['errors']:.0f}"
    )


def main(argv: list[str] | None = None) -> int:
    """Measure everything in one run and print it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--messages", type=int, default=400, help="messages per measurement")
    parser.add_argument("--users", type=int, default=20, help="concurrent conversations")
    parser.add_argument("--replicas", type=int, default=2, help="Rasa replicas behind nginx (0: skip)")
    parser.add_argument("--train", action="store_true", help="also time a cold full training of this bot")
    parser.add_argument(
        "--no-default", action="store_true",
        help="skip the default set-up (its first training takes about 11 minutes on 2 cores)",
    )
    args = parser.parse_args(argv)

    baseline_model, baseline_training = (None, None) if args.no_default else default_model()
    # Trial searches go to a local ClinicalTrials.gov stand-in: load stays on this machine.
    registry = FakeRegistry().start()
    try:
        return report(args, baseline_model, baseline_training, load_env(registry.url))
    finally:
        registry.stop()


def report(
    args: argparse.Namespace, baseline_model: Path | None, baseline_training: float | None, env: dict[str, str]
) -> int:
    """Run the measurements and print them."""
    users, messages = args.users, args.messages
    results, memory = measure_this_bot(args.model, users, messages, env)
    two_workers, memory_two = measure_this_bot(args.model, users, messages, env, workers=2)
    results.update(two_workers)
    if baseline_model is not None:
        results[f"default set-up, REST, {users} concurrent"] = measure_default(baseline_model, users, messages, env)
    missing = services.available()
    cluster_runs = [(1, 1), (1, 2), (args.replicas, 1)] if args.replicas and not missing else []
    for replicas, workers in cluster_runs:
        label = f"production stack, {replicas} replica(s) x {workers} worker(s)"
        rest, parse = measure_cluster(args.model, replicas, users, messages, env, workers)
        results[f"{label}, REST"] = rest
        results[f"{label}, NLU only"] = parse

    print(f"\n{os.cpu_count()} cores; {users} concurrent simulated patients; {messages} messages per line\n")
    for label, figures in results.items():
        show(label, figures)
    print()
    default = results[f"default set-up, REST, {users} concurrent"]["throughput"] if baseline_model else None
    for label in ("this bot (1 worker)", "this bot (2 workers)"):
        ours = results[f"{label}, REST, {users} concurrent"]
        nlu = results[f"{label}, NLU only (/model/parse), {users} concurrent"]["throughput"]
        if default is not None:
            print(f"{label} / default set-up throughput:  {ours['throughput'] / default:.2f}  (target >= 3)")
        print(f"{label} / its NLU-only throughput:    {ours['throughput'] / nlu:.2f}  (target >= 0.75)")
        print(f"{label} p95 at {users} concurrent:        {ours['p95_ms']:.0f} ms  (target <= 300)")
    print(f"errors:                                      {sum(r['errors'] for r in results.values()):.0f}  (target 0)")
    print(f"Rasa server peak RSS, per process:           {memory:.0f} MB, {memory_two:.0f} MB with 2 workers "
          "(target <= 1200)")
    for replicas, workers in cluster_runs:
        label = f"production stack, {replicas} replica(s) x {workers} worker(s)"
        rest, parse = results[f"{label}, REST"], results[f"{label}, NLU only"]
        line = f"{label}: REST / NLU-only {rest['throughput'] / parse['throughput']:.2f}"
        if default is not None:
            line += f", REST / default set-up {rest['throughput'] / default:.2f}"
        print(line)
    if cluster_runs:
        one = results["production stack, 1 replica(s) x 1 worker(s), REST"]["throughput"]
        many = results[f"production stack, {args.replicas} replica(s) x 1 worker(s), REST"]["throughput"]
        print(f"production stack, {args.replicas} replicas / 1 replica:      {many / one:.2f}")
    elif args.replicas:
        print(f"production stack skipped: missing {', '.join(missing)} (make services)")
    if baseline_training is not None:
        print(f"default-config model trained in {baseline_training:.0f} s")
    if args.train:
        with tempfile.TemporaryDirectory() as tmp:
            seconds = train(ROOT / "config.yml", Path(tmp), "bench", cold=True)
        print(f"cold full training of this bot:              {seconds:.0f} s  (target <= 180)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
