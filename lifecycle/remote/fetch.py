"""``lifecycle fetch``: export a project's training jobs, one detail body per line, incrementally.

Without job ids the command lists the jobs (List2dModelTrainingJob, :meth:`JobsClient.list_changed`) and fetches
the detail (Show2dModelTrainingJob) of each job that is new, or whose ``last_update_time`` or ``state`` differs
from the line already in ``-o FILE``. ``last_update_time`` is "the user's last create or resubmit" in the API
reference (https://support.huaweicloud.com/intl/en-us/api-metastudio/List2dModelTrainingJob.html), so a job the
system moves on (training) keeps it: the listed ``state`` is compared too. The file format and the way an
interrupted run resumes are in :mod:`lifecycle.remote.store`.

Exit codes: 0 every listed job is in the file (404 jobs are named on stderr and skipped); 1 some jobs still
failed after the retries (listed on stderr), or the listing failed or repeated itself; 2 no credentials,
credentials refused (401/403), endpoint unreachable, a list call answering 404 (no such project or path), an
output that is not a regular file, bad arguments; 130 interrupted (what was fetched is kept); 141 the reader
of stdout went away.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from lifecycle.payload.redaction import redact_payload, redact_text
from lifecycle.remote.client import (
    AuthError,
    CallFailed,
    ConfigError,
    JobGone,
    JobsClient,
    JobSummary,
    ListFilters,
    Unreachable,
)
from lifecycle.remote.connect import connection_options, open_client, preflight
from lifecycle.remote.connect import fail as _fail
from lifecycle.remote.store import Entry, JobFile, StoreError, entry_of, one_line

EXIT_INTERRUPTED = 130


@dataclass(frozen=True, slots=True)
class FetchOptions:
    """What to fetch and where to put it."""

    job_ids: tuple[str, ...] = ()
    """Fetch exactly these (no listing); empty: list the project's jobs."""
    filters: ListFilters = field(default_factory=ListFilters)
    redact: bool = False
    concurrency: int = 4


@dataclass(slots=True)
class Outcome:
    """What a run did, job ids by fate."""

    listed: int = 0
    unchanged: int = 0
    fetched: list[str] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def render(body: bytes, redact: bool) -> bytes:
    """The line to store: the body as sent (on one line), or with ``--redact`` the JSON re-written by
    :func:`lifecycle.payload.redaction.redact_payload` (contact masked, every URL query removed), its
    ``job_id`` kept as sent."""
    if not redact:
        return one_line(body)
    data = json.loads(body)
    redacted = redact_payload(data)
    if isinstance(data, dict) and isinstance(redacted, dict) and "job_id" in data:
        # The job id stays as sent: it keys the file (one line per job, and what a later run compares with the
        # listing); a vendor-made hex id holds no personal data, though 11 of its digits may look like a phone's.
        redacted["job_id"] = data["job_id"]
    return json.dumps(redacted, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def changed(summary: JobSummary, stored: Entry | None) -> bool:
    """Whether a listed job needs its detail fetched."""
    if stored is None:
        return True
    return (summary.last_update_time, summary.state) != (stored.last_update_time, stored.state)


def plan(summaries: Iterable[JobSummary], stored: dict[str, Entry]) -> tuple[int, list[str], int]:
    """(jobs listed, job ids to fetch in listing order, jobs unchanged); a job listed twice counts once,
    with its last listing."""
    latest = {s.job_id: s for s in summaries}
    todo = [job_id for job_id, s in latest.items() if changed(s, stored.get(job_id))]
    return len(latest), todo, len(latest) - len(todo)


def fetch_all(
    client: JobsClient,
    job_ids: list[str],
    options: FetchOptions,
    keep: Callable[[Entry], None],
) -> Outcome:
    """Fetch ``job_ids`` with at most ``options.concurrency`` calls at a time; ``keep`` receives each entry in
    the calling thread (so one thread writes). Raises :class:`AuthError` / :class:`Unreachable` at once (the
    calls not started are cancelled); Ctrl-C likewise."""
    outcome = Outcome()
    pool = ThreadPoolExecutor(max_workers=max(1, options.concurrency), thread_name_prefix="fetch")
    try:
        futures: dict[Future[bytes], str] = {pool.submit(client.fetch_detail, j): j for j in job_ids}
        for future in as_completed(futures):
            job_id = futures[future]
            try:
                body = future.result()
            except JobGone:
                outcome.gone.append(job_id)
                continue
            except CallFailed as exc:
                outcome.failed.append((job_id, str(exc)))
                continue
            entry = entry_of(render(body, options.redact))
            if entry is None:  # fetch_detail checked the body, so only a redaction bug lands here
                outcome.failed.append((job_id, "the body could not be stored"))
                continue
            keep(entry)
            outcome.fetched.append(job_id)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    return outcome


def _progress(total: int, stream: IO[str]) -> Any:
    # tqdm, not rich: one small pure-Python dependency, and it draws on the stream we give it (stderr)
    # and stays silent when that is no terminal.
    from tqdm import tqdm

    return tqdm(total=total, file=stream, unit="job", disable=not stream.isatty(), leave=False)


def fetch_command(client: JobsClient, options: FetchOptions, store: JobFile | None, err: IO[str]) -> Outcome:
    """List (unless job ids are given), fetch what changed, keep it in ``store`` (or write it to stdout)."""
    stored = store.load() if store is not None else {}
    if options.redact:  # the lines already in the file too: a --redact file holds no contact and no URL query
        for key, entry in stored.items():
            stored[key] = entry_of(render(entry.line, True)) or entry
    if options.job_ids:
        listed, todo, unchanged = len(options.job_ids), list(dict.fromkeys(options.job_ids)), 0
    else:
        listed, todo, unchanged = plan(client.list_changed(filters=options.filters), stored)
    bar = _progress(len(todo), err)

    def keep(entry: Entry) -> None:
        if store is not None:
            store.append(entry)
        else:
            sys.stdout.buffer.write(entry.line + b"\n")
            sys.stdout.flush()
        bar.update(1)

    try:
        outcome = fetch_all(client, todo, options, keep)
    finally:
        bar.close()
        if store is not None:
            store.compact()
    outcome.listed, outcome.unchanged = listed, unchanged
    return outcome


def register(sub: Any) -> None:
    """Add ``fetch`` to the command line's subparsers."""
    p = sub.add_parser("fetch", help="export training jobs through the official SDK (credentials from the SDK)")
    p.add_argument("job_ids", nargs="*", metavar="JOB_ID", help="fetch these jobs only (default: list them all)")
    connection_options(p)
    p.add_argument("--state", action="append", default=[], metavar="S", help="list only jobs in state S; repeatable")
    p.add_argument("--update-since", metavar="TIME", help="list only jobs updated at or after TIME (RFC 3339)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="keep the jobs in FILE (JSONL), incrementally")
    p.add_argument("--redact", action="store_true", help="mask the contact and drop every URL query before writing")
    p.add_argument("--concurrency", type=int, default=4, metavar="N", help="detail calls at once (default 4)")
    p.set_defaults(run=run)


def _summary(outcome: Outcome, output: Path | None, err: IO[str]) -> int:
    for job_id in outcome.gone:
        print(f"lifecycle: job {redact_text(job_id)} disappeared between list and detail (HTTP 404); skipped", file=err)
    for job_id, message in outcome.failed:
        print(f"lifecycle: job {redact_text(job_id)} failed: {message}", file=err)
    where = f" -> {output}" if output is not None else ""
    print(
        f"{outcome.listed} jobs: {len(outcome.fetched)} fetched, {outcome.unchanged} unchanged, "
        f"{len(outcome.gone)} gone, {len(outcome.failed)} failed{where}",
        file=err,
    )
    return 1 if outcome.failed else 0


def run(args: argparse.Namespace) -> int:
    """Run ``lifecycle fetch`` (see the module docstring for exit codes)."""
    if args.concurrency < 1:
        return _fail("--concurrency must be at least 1")
    if any(not job_id.strip() for job_id in args.job_ids):  # "" would ask the list endpoint (…/jobs/)
        return _fail("a JOB_ID must not be empty")
    problem = preflight(args, "fetch", ("--update-since", args.update_since))
    if problem is not None:
        return _fail(problem)
    options = FetchOptions(
        tuple(args.job_ids), ListFilters(tuple(args.state), args.update_since), args.redact, args.concurrency
    )
    store = JobFile(args.output) if args.output is not None else None
    try:
        client = open_client(args)
    except ConfigError as exc:
        return _fail(str(exc))
    try:
        outcome = fetch_command(client, options, store, sys.stderr)
    except (AuthError, Unreachable, ConfigError) as exc:
        return _fail(f"{exc}; nothing more fetched")
    except CallFailed as exc:  # the listing itself
        print(f"lifecycle: {exc}; the listing is incomplete, nothing fetched", file=sys.stderr)
        return 1
    except StoreError as exc:
        return _fail(str(exc))
    except BrokenPipeError:
        raise  # the reader of stdout went away: exit 141, as every command (lifecycle.cli.main)
    except OSError as exc:
        return _fail(f"cannot write {args.output}: {exc.strerror or exc}")
    except KeyboardInterrupt:
        print("lifecycle: interrupted; what was fetched is kept, run again to resume", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        client.close()
    return _summary(outcome, args.output, sys.stderr)
