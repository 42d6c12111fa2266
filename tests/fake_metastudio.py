"""A local stand-in for the two MetaStudio endpoints ``lifecycle fetch`` calls, on 127.0.0.1 (pytest-httpserver).

``GET /v1/{project_id}/digital-human-training-manage/user/jobs`` pages by ``offset``/``limit`` (1–100, as the API
reference says) and answers ``{"count", "jobs"}``; ``GET …/user/jobs/{job_id}`` answers the detail, pretty-printed
(so it spans lines). Faults fire once each, keyed by what they hit: ``throttle`` (a list offset: 429 with
``Retry-After: 1``), ``error500``, ``slow`` (sleeps past the client's read timeout), ``malformed`` (a truncated
body) — job ids; ``gone`` job ids are listed but answer 404; ``refuse`` answers every request with one status
and ``refuse_code``; ``repeat`` makes the list answer its first page at every offset. Every request must carry
the SDK's signature (``Authorization: SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…`` and
``X-Sdk-Date``); an unsigned one is recorded and refused with 401.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from lifecycle import compile_edition
from tests.conftest import VALID

AK, SK, PROJECT = "FAKEAK0123456789", "fake-secret-key-never-printed-0123456789", "0123456789abcdef0123456789abcdef"
PHONE = "13912345678"
SIGNATURE_QUERY = "X-Amz-Signature=5ec7e7deadbeef"
_SIGNED = re.compile(r"^SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$")
_PATH = re.compile(r"^/v1/([^/]+)/digital-human-training-manage/user/jobs(?:/([^/]+))?$")


# The natural state after the first ``cut`` logs of the scenario (the spec allows several after some logs).
_STATE_AFTER = {
    3: "AUTO_VERIFYING",
    5: "MANUAL_VERIFYING",
    6: "MANUAL_VERIFY_SUCCESS",
    9: "TRAINING_DATA_PREPROCESS_SUCCESS",
    10: "TRAINING",
    11: "TRAIN_SUCCESS",
    12: "INFERENCE_DATA_PREPROCESSING",
    14: "ACTION_GENERATE_DATA_PROCESSING",
    20: "WAIT_ASSET_SYNC",
    22: "JOB_SUCCESS",
}


def make_job(n: int, cut: int, start: datetime, *, flexus: bool = False) -> dict[str, Any]:
    """Job ``job{n:02d}``: the first ``cut`` logs of the long valid scenario (a key of ``_STATE_AFTER``), one
    hour apart from ``start``."""
    scenario = json.loads(VALID.read_text(encoding="utf-8"))
    logs = scenario["operation_logs"][:cut]
    for i, log in enumerate(logs):
        log["operate_time"] = (start + timedelta(hours=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
    state = _STATE_AFTER[cut]
    assert state in compile_edition().replay(log["log_type"] for log in logs)
    return scenario | {
        "job_id": f"job{n:02d}",
        "state": state,
        "contact": PHONE,
        "is_flexus": flexus,
        "create_time": logs[0]["operate_time"],
        "last_update_time": logs[min(2, cut - 1)]["operate_time"],
        "training_video_download_url": f"https://obs.example.com/job{n:02d}/video.mp4?{SIGNATURE_QUERY}",
        "operation_logs": logs,
    }


@dataclass
class FakeMetaStudio:
    server: HTTPServer
    jobs: dict[str, dict[str, Any]]
    throttle: set[int] = field(default_factory=set)
    error500: set[str] = field(default_factory=set)
    slow: set[str] = field(default_factory=set)
    malformed: set[str] = field(default_factory=set)
    gone: set[str] = field(default_factory=set)
    always_500: set[str] = field(default_factory=set)
    refuse: int | None = None
    """Answer every request with this status (401/403, or any other)."""
    refuse_code: str = "MSS.00010008"
    """The ``error_code`` of those answers (a hostile server may put anything there)."""
    repeat: bool = False
    """The list answers its first page whatever the offset, with a ``count`` of 10^9: a listing that never
    moves on."""
    gate: threading.Event = field(default_factory=threading.Event)
    gated: set[str] = field(default_factory=set)
    """Details that wait for ``gate`` (the interrupted-run test)."""
    log: list[tuple[float, str, str]] = field(default_factory=list)
    """(time, "list" | "detail", offset or job id) of every request."""
    unsigned: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.gate.set()
        self.server.expect_request(re.compile(".*")).respond_with_handler(self.handle)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    def requests(self, kind: str) -> list[str]:
        with self.lock:
            return [what for _, kind_, what in self.log if kind_ == kind]

    def _error(self, status: int, code: str, headers: dict[str, str] | None = None) -> Response:
        body = json.dumps({"error_code": code, "error_msg": f"fake {status}"})
        return Response(body, status=status, headers=headers, content_type="application/json")

    def handle(self, request: Request) -> Response:
        auth = request.headers.get("Authorization", "")
        match = _SIGNED.match(auth)
        if match is None or match.group(1) != AK or not request.headers.get("X-Sdk-Date") or SK in auth:
            with self.lock:
                self.unsigned.append(request.path)
            return self._error(401, "MSS.00000001")
        if self.refuse is not None:
            return self._error(self.refuse, self.refuse_code)
        path = _PATH.match(request.path)
        if path is None or path.group(1) != PROJECT:
            return self._error(404, "MSS.00010003")
        job_id = path.group(2)
        if job_id is None:
            return self._list(request)
        return self._detail(job_id)

    def _once(self, faults: set[str] | set[int], key: Any) -> bool:
        with self.lock:
            if key in faults:
                faults.discard(key)
                return True
        return False

    def _list(self, request: Request) -> Response:
        offset = int(request.args.get("offset", 0))
        limit = int(request.args.get("limit", 10))
        with self.lock:
            self.log.append((time.monotonic(), "list", str(offset)))
        if not 0 <= offset <= 2147483647 or not 1 <= limit <= 100:
            return self._error(400, "MSS.00000003")
        if self._once(self.throttle, offset):
            return self._error(429, "APIGW.0308", {"Retry-After": "1"})
        keys = ("job_id", "name", "state", "last_update_time", "create_time", "contact", "is_flexus")
        states = request.args.get("state")
        since = request.args.get("update_since")
        ordered = [
            job
            for _, job in sorted(self.jobs.items())
            if (states is None or job["state"] in states.split(","))
            and (since is None or str(job["last_update_time"]) >= since)  # one format: text order is time order
        ]
        start, count = (0, 10**9) if self.repeat else (offset, len(ordered))
        if self.repeat and len(self.requests("list")) > 50:  # a client that does not stop: its test fails, not hangs
            start = len(ordered)
        page = [{k: job[k] for k in keys} for job in ordered[start : start + limit]]
        return Response(json.dumps({"count": count, "jobs": page}), content_type="application/json")

    def _detail(self, job_id: str) -> Response:
        with self.lock:
            self.log.append((time.monotonic(), "detail", job_id))
        if job_id in self.gated:
            self.gate.wait(30)
        if job_id in self.gone or job_id not in self.jobs:
            return self._error(404, "MSS.00000003")
        if job_id in self.always_500 or self._once(self.error500, job_id):
            return self._error(500, "MSS.00000004")
        if self._once(self.slow, job_id):
            time.sleep(2.5)  # past the read timeout the tests set (1 s)
        body = json.dumps(self.jobs[job_id], ensure_ascii=False, indent=2).encode("utf-8")
        if self._once(self.malformed, job_id):
            body = body[: len(body) // 2]
        return Response(body, content_type="application/json")


@contextmanager
def local_api(monkeypatch: pytest.MonkeyPatch, home: Path, jobs: dict[str, dict[str, Any]]) -> Iterator[FakeMetaStudio]:
    """The SDK's credentials pointed at the fake (``home`` stands in for the user's, so no credentials file of
    the machine is read) and the fake serving ``jobs`` on 127.0.0.1 while the block runs."""
    for name in ("HUAWEICLOUD_SDK_SECURITY_TOKEN", "HUAWEICLOUD_SDK_CREDENTIALS_FILE", "HUAWEICLOUD_SDK_DOMAIN_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("HUAWEICLOUD_SDK_AK", AK)
    monkeypatch.setenv("HUAWEICLOUD_SDK_SK", SK)
    monkeypatch.setenv("HUAWEICLOUD_SDK_PROJECT_ID", PROJECT)
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    try:
        yield FakeMetaStudio(server, jobs)
    finally:
        server.clear()
        server.stop()
