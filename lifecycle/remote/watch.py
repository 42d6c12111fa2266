"""``lifecycle watch``: follow a project's training jobs live and print what happens as JSON lines.

Each poll lists the jobs (List2dModelTrainingJob, :meth:`JobsClient.list_changed`), fetches the detail
(Show2dModelTrainingJob) of every job that is new or whose listed ``last_update_time`` or ``state`` changed since
the previous poll, and feeds it to one :class:`~lifecycle.tracking.fleet.Fleet`, which applies only the logs it
has not seen. Why the whole list and not ``update_since`` = the previous poll: the API reference defines
``last_update_time`` as "用户最近一次更新任务的时间（包括租户创建或者重新提交）" (the user's last create or resubmit,
SDK 3.1.219 ``TrainingJobBasicInfo``), and ``update_since`` filters on an "更新时间" it does not define further,
so a job the system moves on (review, training, a final state) may not be listed by it. ``--since TIME`` passes
``update_since`` for every poll (jobs the user created or resubmitted since TIME).

Every event is one line on stdout: ``{"event": "entered"|"refused"|"final", "job_id", "state", "label",
"log_type", "index", "diagnostics"}`` — ``label`` is the state's console label
(:func:`lifecycle.spec.vocabulary.console_label`, user audience), ``index`` the log's position in
``operation_logs``. No other payload field is printed (no contact, no URL); diagnostic messages are redacted by
the validator.

Exit codes: 0 (``--once`` or ``--polls N`` done); 1 a job's detail still failed in the last poll (named on
stderr); 2 no credentials, credentials refused (401/403), endpoint unreachable, bad arguments; 130 Ctrl-C.
A job deleted between the list and its detail (404) is named on stderr and skipped.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from lifecycle.payload.redaction import redact_text
from lifecycle.remote.client import (
    AuthError,
    CallFailed,
    ConfigError,
    JobGone,
    JobsClient,
    ListFilters,
    Unreachable,
)
from lifecycle.remote.connect import connection_options, open_client, preflight
from lifecycle.remote.connect import fail as _fail
from lifecycle.spec.vocabulary import DEFAULT_EDITION, EDITIONS, Lang, console_label

if TYPE_CHECKING:  # the fleet loads the validator: only ``watch`` itself needs it, not the parser
    from lifecycle.tracking.fleet import Event, Fleet

EXIT_INTERRUPTED = 130
MAX_INTERVAL = 7 * 86400.0
"""The longest wait between polls: a week (for longer, run ``watch --once`` from cron)."""


def event_line(event: Event, lang: Lang) -> str:
    """One event as a JSON line (without the newline): :meth:`Event.to_dict` plus the state's console label."""
    data: dict[str, Any] = {}
    for key, value in event.to_dict().items():
        data[key] = value
        if key == "state":  # the label next to the state it names
            data["label"] = console_label(value, lang=lang) if value is not None else None
    return json.dumps(data, ensure_ascii=False)


@dataclass(slots=True)
class Watcher:
    """One fleet followed poll after poll."""

    client: JobsClient
    fleet: Fleet
    lang: Lang
    filters: ListFilters = field(default_factory=ListFilters)
    seen: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    """``job_id`` -> (``last_update_time``, ``state``) as last listed and fetched."""

    def poll(self, out: IO[str], err: IO[str]) -> list[str]:
        """List, fetch what changed, print its events; the job ids whose detail still failed (retried next
        poll). Raises :class:`AuthError` / :class:`Unreachable` / :class:`CallFailed` (the listing)."""
        latest = {s.job_id: s for s in self.client.list_changed(filters=self.filters)}
        failed: list[str] = []
        for job_id, summary in latest.items():
            listed = (summary.last_update_time, summary.state)
            if self.seen.get(job_id) == listed:
                continue
            try:
                body = self.client.fetch_detail(job_id)
            except JobGone:
                gone = redact_text(job_id)
                print(f"lifecycle: job {gone} disappeared between list and detail (HTTP 404); skipped", file=err)
                self.seen.pop(job_id, None)
                self.fleet.forget(job_id)
                continue
            except CallFailed as exc:
                print(f"lifecycle: job {redact_text(job_id)} failed: {exc}", file=err)
                failed.append(job_id)
                continue
            self.seen[job_id] = listed
            for event in self.fleet.update(body):
                out.write(event_line(event, self.lang) + "\n")
            out.flush()
        return failed


def pause(seconds: float) -> None:
    """The wait between polls (Ctrl-C interrupts it: ``time.sleep`` returns early on SIGINT and Python raises
    ``KeyboardInterrupt``); a module function so tests can replace it."""
    time.sleep(seconds)


def watch(watcher: Watcher, interval: float, polls: int | None, out: IO[str], err: IO[str]) -> int:
    """Poll every ``interval`` seconds, ``polls`` times (None: until interrupted); the exit code of the last
    poll (0, or 1 when a detail still failed)."""
    done = 0
    while True:
        failed = watcher.poll(out, err)
        done += 1
        if polls is not None and done >= polls:
            return 1 if failed else 0
        pause(interval)


def register(sub: Any) -> None:
    """Add ``watch`` to the command line's subparsers."""
    p = sub.add_parser("watch", help="follow training jobs live through the official SDK; events as JSON lines")
    connection_options(p)
    p.add_argument("--state", action="append", default=[], metavar="S", help="list only jobs in state S; repeatable")
    p.add_argument("--since", metavar="TIME", help="list only jobs updated at or after TIME (RFC 3339)")
    p.add_argument("--interval", type=float, default=60.0, metavar="SECONDS", help="between polls (default 60)")
    how_long = p.add_mutually_exclusive_group()
    how_long.add_argument("--once", action="store_true", help="poll once and exit (for cron)")
    how_long.add_argument("--polls", type=int, metavar="N", help="poll N times and exit (default: until Ctrl-C)")
    p.add_argument(
        "--edition",
        default=DEFAULT_EDITION.value,
        choices=[e.value for e in EDITIONS],
        help=f"API edition (default {DEFAULT_EDITION.value})",
    )
    # None: the command line's default, the locale's language (lifecycle.cli.main; README, "Language").
    p.add_argument(
        "--lang",
        choices=["zh", "en"],
        default=None,
        help="language of labels and messages (default: the locale's, else en)",
    )
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run ``lifecycle watch`` (see the module docstring for exit codes)."""
    problem = preflight(args, "watch", ("--since", args.since))
    if problem is None and not 0 <= args.interval <= MAX_INTERVAL:  # nan and inf too (time.sleep refuses them)
        problem = f"--interval must be 0-{MAX_INTERVAL:g} seconds"
    if problem is None and args.polls is not None and args.polls < 1:
        problem = "--polls must be at least 1"
    if problem is not None:
        return _fail(problem)
    try:
        client = open_client(args)
    except ConfigError as exc:
        return _fail(str(exc))
    from lifecycle.tracking.fleet import Fleet

    fleet = Fleet(edition=args.edition, lang=args.lang)
    watcher = Watcher(client, fleet, args.lang, ListFilters(tuple(args.state), args.since))
    try:
        return watch(watcher, args.interval, 1 if args.once else args.polls, sys.stdout, sys.stderr)
    except (AuthError, Unreachable, ConfigError) as exc:
        return _fail(str(exc))
    except CallFailed as exc:  # the listing itself
        print(f"lifecycle: {exc}; the listing is incomplete", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("lifecycle: watch interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    finally:
        client.close()
