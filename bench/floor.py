"""The floor: the least a process validating a JSONL file of jobs can do (issue 18).

``python -m bench.floor FILE`` decodes only the lifecycle fields of each line with msgspec (``job_id``,
``state`` and each log's ``log_type``; the rest is scanned past, never built), replays the log types on
a bare dict (:func:`bench.baselines.dict_table`: one ``dict.get`` per log, no diagnostics), and writes one
JSON line per job (its id, end state and whether it matches ``state``) to stdout. A whole process — the
interpreter's start, the import of the compiled lifecycle, reading and writing — so the ``lifecycle
validate`` command line is compared with it process to process.
"""

from __future__ import annotations

import sys

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


def main(argv: list[str]) -> int:
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
