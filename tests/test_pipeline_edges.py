"""Edges the speed work must not move: odd Python values in a dict job, threads sharing the replay tables,
whitespace after a text, help before a command. Each test is one kind of input a review found mishandled."""

from __future__ import annotations

import json
import random
import re
import sqlite3
import sys
import threading
from collections import defaultdict
from typing import Any

import pytest

from lifecycle import compile_edition
from lifecycle.cli.main import main
from lifecycle.engine.table import Table
from lifecycle.validation.validator import validate
from tests.conftest import no_shortcut

_LOGS = [
    {"log_type": "USER_CREATE_JOD", "operate_user": "USER", "operate_time": "2024-03-01T08:00:00Z"},
    {"log_type": "USER_VERIFYING_SUBMITTED", "operate_user": "USER", "operate_time": "2024-03-01T08:05:00Z"},
]


def _job(**fields: Any) -> dict[str, Any]:
    job = {
        "job_id": "j",
        "state": "AUTO_VERIFYING",
        "create_time": "2024-03-01T07:00:00Z",
        "last_update_time": "2024-03-01T09:00:00Z",
        "operation_logs": [dict(log) for log in _LOGS],
    }
    job.update(fields)
    return job


class _Str(str):
    """A str subclass, as a StrEnum member or a caller's own type is."""


class _Lying(str):
    """A str subclass that hashes and compares as another string."""

    def __hash__(self) -> int:
        return hash("USER")

    def __eq__(self, other: object) -> bool:
        return other == "USER"


def _with_actor(actor: str) -> dict[str, Any]:
    job = _job()
    for log in job["operation_logs"]:
        log["operate_user"] = actor
    return job


@pytest.mark.parametrize(
    ("job", "code"),
    [
        (_job(model_version=_Str("V3")), "deprecated-value"),
        (_job(create_time=_Str("2030-01-01T00:00:00Z")), "inconsistent-time"),
        (_job(last_update_time=_Str("2000-01-01T00:00:00Z")), "inconsistent-time"),
        (_with_actor(_Lying("SYSTEM")), "actor-mismatch"),
    ],
    ids=["model-version", "create-time", "last-update-time", "lying-actor"],
)
@pytest.mark.parametrize("schema", [False, True])
def test_a_str_subclass_is_read_as_its_string_with_or_without_the_shortcut(
    job: dict[str, Any], code: str, schema: bool
) -> None:
    report = validate(job, schema=schema)
    with no_shortcut():
        every_check = validate(job, schema=schema)
    assert report.diagnostics == every_check.diagnostics
    assert code in report.codes()


class _Getter:
    """Not a mapping, but answers ``[]``."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def __getitem__(self, key: str) -> Any:
        return self.data[key]


def _sqlite_row(log: dict[str, Any]) -> object:
    connection = sqlite3.connect(":memory:")
    connection.row_factory = sqlite3.Row
    names = ", ".join(f"? AS {key}" for key in log)
    return connection.execute(f"SELECT {names}", tuple(log.values())).fetchone()


def test_log_entries_that_are_not_objects_are_reported_not_read() -> None:
    for entries in (
        [_Getter(log) for log in _LOGS],
        [_sqlite_row(log) for log in _LOGS],
        [re.match("x", "x"), re.match("y", "y")],
    ):
        job = _job(operation_logs=entries)
        report = validate(job, schema=False)
        fields = [d.field for d in report.diagnostics if d.code == "invalid-field"]
        assert fields == ["operation_logs[0]", "operation_logs[1]"], report.diagnostics


def test_a_log_entry_is_never_changed_by_reading_it() -> None:
    entries: list[defaultdict[str, Any]] = []
    for log in _LOGS:
        entry: defaultdict[str, Any] = defaultdict(lambda: None)
        entry.update({k: v for k, v in log.items() if k != "operate_time"})
        entries.append(entry)
    validate(_job(operation_logs=entries), schema=False)
    assert all("operate_time" not in entry for entry in entries)


def test_threads_sharing_a_table_never_see_a_row_without_its_info() -> None:
    """A row is published to other threads only once what it stands for is known (a Dask worker runs its
    tasks in threads)."""
    lc = compile_edition().restrict()
    draw = random.Random(0)
    names = sorted(lc.log_types)
    histories = [["USER_CREATE_JOD", *draw.choices(names, k=20)] for _ in range(150)]
    errors: list[BaseException] = []
    switch = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        for _ in range(5):
            tab = Table(lc)
            start = threading.Barrier(4)

            def replay_all(tab: Table = tab, start: threading.Barrier = start) -> None:
                start.wait()
                try:
                    for history in histories:
                        tab.replay(history, trace=True)
                except BaseException as exc:
                    errors.append(exc)

            threads = [threading.Thread(target=replay_all) for _ in range(4)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    finally:
        sys.setswitchinterval(switch)
    assert errors == []


@pytest.mark.parametrize(
    ("text", "newline"),
    [
        (b'\xef\xbb\xbf\xef\xbb\xbf{"job_id": 1', b"\n"),
        ('\ufeff{"job_id": 1'.encode("utf-16"), "\n".encode("utf-16-le")),
        ('\ufeff{"job_id": 1'.encode("utf-32"), "\n".encode("utf-32-le")),
    ],
    ids=["utf-8", "utf-16", "utf-32"],
)
def test_a_byte_order_mark_then_u_feff_gets_the_same_message_with_or_without_a_newline(
    text: bytes, newline: bytes
) -> None:
    assert validate(text + newline).diagnostics == validate(text).diagnostics


def test_help_before_the_command_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["-h", "validate"], ["--help", "mine"], ["-h"]):
        with pytest.raises(SystemExit) as done:
            main(argv)
        assert done.value.code == 0
        out = capsys.readouterr().out
        assert all(name in out for name in ("validate", "mine", "explain", "fetch", "status", "drift")), out


class _Bytes(bytes):
    """A bytes subclass."""


@pytest.mark.parametrize("text", ["{}", json.dumps(_job()), json.dumps(_job(state=7)), "[1]", "{"])
@pytest.mark.parametrize("schema", [False, True])
def test_json_text_of_a_str_or_bytes_subclass_is_read_as_its_text(text: str, schema: bool) -> None:
    """``validate`` of JSON text held by a ``str`` subclass (``numpy.str_``, a StrEnum's value) or a
    ``bytes`` subclass gives the report of the plain text; it never raises."""
    expected = validate(text, schema=schema)
    assert validate(_Str(text), schema=schema) == expected
    assert validate(_Bytes(text.encode()), schema=schema) == expected
