"""A fuzz campaign (issue 15): mutated payloads through ``validate()`` and the command line, counting
exceptions and leaked secrets. Not part of the test suite (it takes minutes); the suite's
``tests/test_fuzz.py`` runs a small Hypothesis version of the same checks on every run.

    python -m tools.fuzz [--payloads 1000000] [--cli 10000] [--seed 1]

Each payload is a real-shaped job (the scenario files and the seed example) with secrets planted in
random fields, then mutated at the byte level (flips, deletions, insertions, splices, deep nesting, huge
numbers). Prints the counts; exits 1 when an exception or a leak was found.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from lifecycle.cli.main import main as cli
from lifecycle.validation.validator import validate

ROOT = Path(__file__).resolve().parent.parent
SECRETS = ("13812345678", "SIGNATURE-SECRET-42", "AKIAPLANTED", "hunter2pw")
PLANTED = (
    "+86 138 1234 5678",
    "138-1234-5678",
    "(+86)13812345678",
    "https://h.example/a.mp4?AccessKeyId=AKIAPLANTED&Signature=SIGNATURE-SECRET-42",
    "https%3A%2F%2Fh%2Fa%3FSignature%3DSIGNATURE-SECRET-42",
    "//h/a.mp4?Signature=SIGNATURE-SECRET-42",
    "https://user:hunter2pw@h.example/a",
    "AccessKeyId=AKIAPLANTED&Signature=SIGNATURE-SECRET-42",
    # A plain pair after "&" or ";" in another writing (a pair after "%26" once kept its value).
    "Expires=1%26b=SIGNATURE-SECRET-42",
    "e=1%2526b=SIGNATURE-SECRET-42",
    "e=1\\u0026b=SIGNATURE-SECRET-42",
    "e=1&amp;b=SIGNATURE-SECRET-42",
    "e=1%3Bb=SIGNATURE-SECRET-42",
)
FIELDS = ("job_id", "state", "model_version", "create_time", "last_update_time", "is_flexus", "contact", "name")
_SECRET_PATTERNS = [(secret.encode(), re.compile(re.escape(secret.encode()))) for secret in SECRETS]
BYTES = b'"{}[],:\\0123456789eE.-+ntfu \x00\x7f\xff\xc3\xa9'


def _jobs() -> list[dict[str, object]]:
    paths = [ROOT / "examples" / "seed_job.json", *sorted((ROOT / "tests" / "data" / "scenarios").glob("*.json"))]
    jobs = []
    for path in paths:
        with contextlib.suppress(ValueError):
            value = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(value, dict):
                jobs.append(value)
    return jobs


def _payload(rng: random.Random, jobs: list[dict[str, object]]) -> bytes:
    job = dict(rng.choice(jobs))
    for _ in range(rng.randint(0, 3)):
        secret = rng.choice(PLANTED)
        logs = job.get("operation_logs")
        if rng.random() < 0.3 and isinstance(logs, list) and logs:
            logs = [dict(e) if isinstance(e, dict) else e for e in logs]
            entry = logs[rng.randrange(len(logs))]
            if isinstance(entry, dict):
                entry[rng.choice(("log_type", "operate_user", "operate_time"))] = secret
            job["operation_logs"] = logs
        else:
            job[rng.choice(FIELDS)] = secret
    data = bytearray(json.dumps(job, ensure_ascii=rng.random() < 0.5).encode())
    # Every planted form stays whole (a mutation that breaks one is undone, even where the same form was
    # planted twice): a leak is then a real one, not a number or URL the mutation made into something else
    # ("Expires=1%2-b=SECRET" is no query). A mutation changes what is around them, but does not copy a
    # secret elsewhere (a splice: a lone "nature=SECRET" is no query) nor glue one to a letter or digit
    # (a 40-digit number is no phone).
    planted = {p: data.count(p) for p in (json.dumps(s)[1:-1].encode() for s in PLANTED)}
    contexts = _contexts(data)
    for _ in range(rng.randint(0, 4)):
        before = bytes(data)
        _mutate(rng, data)
        if any(data.count(p) < count for p, count in planted.items()) or _contexts(data) != contexts:
            data[:] = before
    return bytes(data)


def _contexts(data: bytes | bytearray) -> list[tuple[bytes, bool, bool]]:
    """Each occurrence of a secret, with whether a letter or digit stands right before and after it."""
    return sorted(
        (secret, data[m.start() - 1 : m.start()].isalnum(), data[m.end() : m.end() + 1].isalnum())
        for secret, pattern in _SECRET_PATTERNS
        for m in pattern.finditer(data)
    )


def _mutate(rng: random.Random, data: bytearray) -> None:
    """One byte-level mutation: a flip, a deletion, an insertion, deep nesting, a huge number, a splice."""
    how = rng.random()
    i = rng.randrange(len(data)) if data else 0
    if how < 0.3 and data:
        data[i] = rng.choice(BYTES)
    elif how < 0.5 and data:
        del data[i : i + rng.randint(1, 8)]
    elif how < 0.7:
        data[i:i] = bytes(rng.choice(BYTES) for _ in range(rng.randint(1, 4)))
    elif how < 0.8:
        data[i:i] = b"[" * rng.choice((10, 999, 1001, 3000))
    elif how < 0.9:
        data[i:i] = b"9" * rng.choice((20, 4301, 6000))
    else:
        j = rng.randrange(len(data)) if data else 0
        data[i:i] = data[j : j + rng.randint(1, 200)]


def _leaks(text: str) -> bool:
    return any(secret in text for secret in SECRETS)


def _around_secret(text: str) -> str:
    """The text around the first secret shown: what to make a test of."""
    at = min((i for i in (text.find(secret) for secret in SECRETS) if i >= 0), default=0)
    return text[max(0, at - 160) : at + 60]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.fuzz", description=__doc__)
    parser.add_argument("--payloads", type=int, default=1_000_000)
    parser.add_argument("--cli", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    jobs = _jobs()
    exceptions = leaks = 0
    started = time.perf_counter()
    for n in range(args.payloads):
        if n and n % 100_000 == 0:
            print(f"{n} payloads, {exceptions} exceptions, {leaks} leaks", file=sys.stderr, flush=True)
        data = _payload(rng, jobs)
        form: object = data if n % 3 else (data.decode("utf-8", "surrogateescape") if n % 2 else data)
        try:
            report = validate(form, schema=n % 4 == 0)
            if _leaks(shown := report.to_json()):
                leaks += 1
                print(f"leak in payload {n}: {_around_secret(shown)!r} from {data[:2000]!r}", file=sys.stderr)
        except Exception as exc:
            exceptions += 1
            print(f"exception {type(exc).__name__}: {str(exc)[:200]} on {data[:120]!r}", file=sys.stderr)
    validated = time.perf_counter() - started
    runs = bad_exits = 0
    # A directory of this run's own: two campaigns may run at once.
    workdir = Path(tempfile.mkdtemp(prefix="lifecycle-fuzz-"))
    for n in range(args.cli):
        records = [_payload(rng, jobs).replace(b"\n", b" ") for _ in range(rng.randint(1, 5))]
        if n % 4 == 3:  # a JSON array of jobs, read element by element
            path = workdir / f"{n % 8}.json"
            path.write_bytes(b"[" + b",\n".join(records) + b"]")
        else:
            path = workdir / f"{n % 8}.jsonl"
            path.write_bytes(b"\n".join(records) + b"\n")
        out, err = io.StringIO(), io.StringIO()
        fmt = rng.choice(("text", "json", "jsonl"))
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = cli(["validate", str(path), "--format", fmt, *(["--no-schema"] if n % 2 else [])])
            except BaseException as exc:
                code = -1
                print(f"cli raised {type(exc).__name__}", file=sys.__stderr__)
        runs += 1
        if code not in (0, 1, 2) or "Traceback" in err.getvalue():
            bad_exits += 1
            print(f"exit {code} in run {n}: {err.getvalue()[-300:]!r}", file=sys.stderr)
        if _leaks(shown := out.getvalue() + err.getvalue()):
            leaks += 1
            print(f"leak in run {n}: {_around_secret(shown)!r} from {path.read_bytes()[:2000]!r}", file=sys.stderr)
    shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"payloads through validate(): {args.payloads} in {validated:.0f} s; command-line runs: {runs}; "
        f"exceptions: {exceptions}; bad exits or tracebacks: {bad_exits}; leaks: {leaks}"
    )
    return 1 if exceptions or bad_exits or leaks else 0


if __name__ == "__main__":
    sys.exit(main())
