"""The floor: the least a process validating a JSONL file of jobs can do (issue 18).

``python -m bench.floor FILE`` decodes only the lifecycle fields of each line with msgspec (``job_id``,
``state`` and each log's ``log_type``; the rest is scanned past, never built), replays the log types on
a bare dict (:func:`bench.baselines.dict_table`: one ``dict.get`` per log, no diagnostics), and writes one
JSON line per job (its id, end state and whether it matches ``state``) to stdout. A whole process — the
interpreter's start, the import of the compiled lifecycle, reading and writing — so the ``lifecycle
validate`` command line is compared with it process to process.

``python -m bench.floor --decode gate FILE`` and ``--decode facts FILE`` are the same process with the decode
each ``lifecycle validate`` mode must make instead of the floor's: the payload gate's decode of every field
(:func:`lifecycle.payload.gate.admit`, what the default's schema check rests on) or the lifecycle decoder's
(:func:`lifecycle.validation.decode.facts_from_text`: every field the checks read, and the UTF-8 of the whole
text). No command line doing that work can take less: they bound the ``process`` rows from below.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

import msgspec

from bench.baselines import dict_table
from lifecycle import compile_edition
from lifecycle.engine import BEFORE_CREATION
from lifecycle.spec.vocabulary import DEFAULT_EDITION


class _Log(msgspec.Struct, gc=False):
    log_type: str


class _Job(msgspec.Struct, gc=False):
    job_id: str | None = None
    state: str | None = None
    operation_logs: list[_Log] | None = None


class _Line(msgspec.Struct, gc=False):
    job_id: str | None
    end: str
    ok: bool


def _bound(kind: str, lines: Iterable[bytes], out: Any) -> None:
    """The floor's loop with the decode of a ``lifecycle validate`` mode (see the module docstring)."""
    nxt = dict_table(compile_edition(DEFAULT_EDITION))
    get = nxt.get
    encode = msgspec.json.Encoder().encode
    if kind == "gate":
        from lifecycle.payload.gate import admit

        for line in lines:
            job = admit(line)
            if job is None:
                out.write(b'{"error":"invalid"}\n')
                continue
            state = BEFORE_CREATION
            for log in job.operation_logs or ():
                state = get((state, log.log_type), state)
            out.write(encode(_Line(job.job_id, state, state == job.state)) + b"\n")
        return
    from lifecycle.validation.decode import facts_from_text
    from lifecycle.validation.facts import JobFacts

    for line in lines:
        facts = facts_from_text(line)
        if not isinstance(facts, JobFacts) or type(facts.job_id) is not str:
            out.write(b'{"error":"invalid"}\n')
            continue
        state = BEFORE_CREATION
        for log_type, _ in facts.pairs:
            state = get((state, log_type or ""), state)
        out.write(encode(_Line(facts.job_id, state, state == facts.state)) + b"\n")


def main(argv: list[str]) -> int:
    if argv[:1] == ["--decode"]:
        with open(argv[2], "rb") as lines:
            _bound(argv[1], lines, sys.stdout.buffer)
        return 0
    nxt = dict_table(compile_edition(DEFAULT_EDITION))
    get = nxt.get
    decode = msgspec.json.Decoder(_Job).decode
    encode = msgspec.json.Encoder().encode
    out = sys.stdout.buffer
    with open(argv[0], "rb") as lines:
        for line in lines:
            try:
                job = decode(line)
            except msgspec.DecodeError:
                out.write(b'{"error":"invalid"}\n')
                continue
            state = BEFORE_CREATION
            for log in job.operation_logs or ():
                state = get((state, log.log_type), state)
            out.write(encode(_Line(job.job_id, state, state == job.state)) + b"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
