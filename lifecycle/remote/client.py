"""The MetaStudio training-job API through the official SDK (``huaweicloudsdkmetastudio``, the ``sdk`` extra).

:class:`JobsClient` holds the two calls a fetch and a poller need:

* :meth:`JobsClient.list_changed` pages through ``List2dModelTrainingJob``
  (``GET /v1/{project_id}/digital-human-training-manage/user/jobs``) and yields :class:`JobSummary` records;
* :meth:`JobsClient.fetch_detail` calls ``Show2dModelTrainingJob`` (``GET …/user/jobs/{job_id}``) and returns the
  body exactly as the API sent it: the SDK keeps it as ``response.raw_content`` (``huaweicloudsdkcore/client.py``,
  ``Client.sync_response_handler``, SDK 3.1.219).

Credentials come from the SDK's own providers only (``EnvCredentialProvider``: ``HUAWEICLOUD_SDK_AK``,
``HUAWEICLOUD_SDK_SK``, ``HUAWEICLOUD_SDK_PROJECT_ID``, ``HUAWEICLOUD_SDK_SECURITY_TOKEN``; then
``ProfileCredentialProvider``: ``~/.huaweicloud/credentials`` or ``HUAWEICLOUD_SDK_CREDENTIALS_FILE``). The ECS
metadata and pod-identity providers of the SDK's default chain are left out: outside Huawei Cloud they would
try the network before giving up. No credential is ever a parameter here, and none appears in a message.

Faults (errors raised): :class:`AuthError` (HTTP 401/403), :class:`Unreachable` (no connection could be made),
:class:`ConfigError` (no credentials or project), :class:`JobGone` (404 on a detail), :class:`CallFailed`
(anything still failing after the retries). HTTP 429 is retried first by the SDK's own ``urllib3`` retry
(``HttpClient._retry_status_list = [429]``, which sleeps for ``Retry-After``), then here; 5xx, timeouts and
malformed bodies are retried here with exponential backoff, honouring ``Retry-After`` when the answer has one.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from lifecycle.payload.redaction import redact_text

LIST_LIMIT_MAX: Final = 100
"""``limit`` of List2dModelTrainingJob is 1–100 (default 10): https://support.huaweicloud.com/intl/en-us/api-metastudio/List2dModelTrainingJob.html"""
LIST_OFFSET_MAX: Final = 2147483647
"""``offset`` of List2dModelTrainingJob is 0–2147483647 (same page)."""

_SDK_LOGGER: Final = "HuaweiCloud-SDK-MetaStudioClient"  # Client._init_logger: 'HuaweiCloud-SDK-%s' % cls.__name__


STALE_PAGES: Final = 3
"""Pages in a row holding only jobs already listed, after which a listing is taken to repeat itself."""


class RemoteError(Exception):
    """A call to the API failed; the message is one line and holds no secret."""


class ConfigError(RemoteError):
    """No credentials, no project id, an unknown region: exit code 2."""


class AuthError(RemoteError):
    """The endpoint refused the credentials (HTTP 401/403): exit code 2."""


class Unreachable(RemoteError):
    """No connection to the endpoint could be made: exit code 2."""


class JobGone(RemoteError):
    """HTTP 404 on a job detail: the job was deleted after it was listed."""


class CallFailed(RemoteError):
    """A call that still failed after the retries, or failed in a way no retry can mend."""


@dataclass(frozen=True, slots=True)
class Connection:
    """Where and how to connect. ``endpoint`` (``https://host``) wins over ``region`` (e.g. ``cn-north-4``)."""

    region: str | None = None
    endpoint: str | None = None
    project_id: str | None = None
    """Overrides the provider's project id (not a secret)."""
    connect_timeout: float = 10.0
    """Seconds."""
    read_timeout: float = 60.0
    """Seconds."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how long to retry (seconds). ``sleep`` is injectable so tests need not wait."""

    attempts: int = 5
    base_delay: float = 1.0
    max_delay: float = 60.0
    sdk_retries: int = 2
    """Retries the SDK's ``urllib3`` layer makes by itself (429 with ``Retry-After``, connect and read errors)."""
    sleep: Callable[[float], None] = time.sleep

    def delay(self, attempt: int, retry_after: float | None) -> float:
        """Seconds to wait before retry number ``attempt`` (0-based): ``Retry-After`` when given, else
        exponential backoff with full jitter, capped at ``max_delay``."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_delay)
        return random.uniform(0, min(self.max_delay, self.base_delay * 2**attempt))


@dataclass(frozen=True, slots=True)
class ListFilters:
    """Filters of List2dModelTrainingJob (wire names); ``state`` values are joined with commas as the API
    asks ("可多个状态查询，使用英文逗号分隔", SDK ``List2dModelTrainingJobRequest``)."""

    state: tuple[str, ...] = ()
    update_since: str | None = None
    """RFC 3339; the API keeps jobs updated at or after it."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Any other request attribute of ``List2dModelTrainingJobRequest`` (``batch_name``, ``is_flexus`` …)."""


@dataclass(frozen=True, slots=True)
class JobSummary:
    """One entry of a list page (``TrainingJobBasicInfo``): enough to decide whether to fetch the detail."""

    job_id: str
    state: str | None
    last_update_time: str | None


def _code(exc: Any) -> str:
    """The server's ``error_code`` as a message may show it: on one line, short, and redacted (a server may put
    anything there, a phone number or a signed URL included)."""
    return redact_text(" ".join(str(exc.error_code or "")[:4000].split()))[:120]  # redacted, then cut


def _retry_after(exc: BaseException) -> float | None:
    value = getattr(exc, "retry_after", None)
    if value is None:
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None  # an HTTP date: rare from API gateways, the backoff stands in


def _could_not_connect(exc: BaseException) -> bool:
    """Whether a connection error means "no connection at all" (refused, unknown host, connect timeout)
    rather than a connection that broke or timed out while reading (worth a retry). The SDK wraps both in
    ``ConnectionException``; the ``urllib3`` cause tells them apart."""
    from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

    seen: BaseException | None = exc
    while seen is not None:
        candidates = [seen, getattr(seen, "reason", None), *(getattr(a, "reason", None) for a in seen.args)]
        if any(isinstance(c, NewConnectionError | ConnectTimeoutError) for c in candidates):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _handler_class() -> type:
    from huaweicloudsdkcore.exceptions.exception_handler import DefaultExceptionHandler

    class RetryAfterHandler(DefaultExceptionHandler):  # type: ignore[misc]
        """The SDK's handler, which also keeps ``Retry-After`` on the exception it raises (a 503 may carry it)."""

        def handle_exception(self, request: Any, response: Any) -> None:
            try:
                super().handle_exception(request, response)
            except Exception as exc:
                exc.retry_after = response.headers.get("Retry-After")  # type: ignore[attr-defined]
                raise

    return RetryAfterHandler


def _credentials(project_id: str | None) -> Any:
    from huaweicloudsdkcore.auth.provider import (
        CredentialProviderChain,
        EnvCredentialProvider,
        ProfileCredentialProvider,
    )

    chain = CredentialProviderChain((EnvCredentialProvider.get_basic(), ProfileCredentialProvider.get_basic()))
    try:
        credentials = chain.get_credentials()
    except Exception:
        # The chain's own message names files and variables only, but say it in our words, once.
        raise ConfigError(
            "no credentials: set HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK and HUAWEICLOUD_SDK_PROJECT_ID "
            "(or HUAWEICLOUD_SDK_SECURITY_TOKEN for temporary credentials, or use the SDK credentials file)"
        ) from None
    if project_id:
        credentials.with_project_id(project_id)
    return credentials


def build_sdk_client(connection: Connection, policy: RetryPolicy) -> Any:
    """A ``MetaStudioClient`` signed with the providers' credentials (raises :class:`ConfigError`)."""
    from huaweicloudsdkcore.http.http_config import HttpConfig
    from huaweicloudsdkmetastudio.v1 import MetaStudioClient
    from huaweicloudsdkmetastudio.v1.region.metastudio_region import MetaStudioRegion

    # The SDK logs connection errors at ERROR on a logger without handlers: Python's last-resort handler
    # would print them (with URLs) on stderr. Our own one-line messages say what matters.
    logging.getLogger(_SDK_LOGGER).addHandler(logging.NullHandler())
    credentials = _credentials(connection.project_id)
    config = HttpConfig(timeout=(connection.connect_timeout, connection.read_timeout), retry_times=policy.sdk_retries)
    builder = (
        MetaStudioClient.new_builder()
        .with_http_config(config)
        .with_credentials(credentials)
        .with_exception_handler(_handler_class()())
    )
    if connection.endpoint:
        builder = builder.with_endpoints([connection.endpoint])
    else:
        try:
            builder = builder.with_region(MetaStudioRegion.value_of(connection.region or "cn-north-4"))
        except KeyError as exc:
            raise ConfigError(str(exc.args[0]) if exc.args else "unknown region") from None
    try:
        client = builder.build()
    except Exception as exc:  # IAM lookup of the project id, bad endpoint …
        raise ConfigError(f"cannot set up the SDK client: {type(exc).__name__}") from None
    if not getattr(credentials, "project_id", None):
        raise ConfigError("no project id: set HUAWEICLOUD_SDK_PROJECT_ID or pass --project-id")
    return client


def _json_object(body: bytes) -> dict[str, Any] | None:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


class JobsClient:
    """List and show training jobs; thread-safe (the SDK client is shared by the fetch's workers)."""

    def __init__(
        self,
        connection: Connection,
        policy: RetryPolicy | None = None,
        *,
        page_size: int = LIST_LIMIT_MAX,
        sdk_client: Any = None,
    ):
        if not 1 <= page_size <= LIST_LIMIT_MAX:
            raise ValueError(f"page_size must be 1–{LIST_LIMIT_MAX}")
        self.policy = policy or RetryPolicy()
        self.page_size = page_size
        self._sdk = sdk_client if sdk_client is not None else build_sdk_client(connection, self.policy)

    def close(self) -> None:
        self._sdk.close()

    def _call(self, what: str, call: Callable[[], Any], check: Callable[[bytes], bool]) -> bytes:
        """One API call with the retries; returns the raw body once ``check`` accepts it."""
        from huaweicloudsdkcore.exceptions.exceptions import (
            ClientRequestException,
            ConnectionException,
            RequestTimeoutException,
            SdkException,
            ServerResponseException,
        )
        from requests.exceptions import RequestException

        problem = ""
        for attempt in range(self.policy.attempts):
            retry_after: float | None = None
            try:
                body: bytes = call().raw_content or b""
            except ClientRequestException as exc:
                status = exc.status_code
                if status in (401, 403):
                    raise AuthError(f"the endpoint refused the credentials (HTTP {status} {_code(exc)})") from None
                if status == 404:
                    raise JobGone(f"{what}: HTTP 404 {_code(exc)}") from None
                if status != 429:
                    raise CallFailed(f"{what}: HTTP {status} {_code(exc)}") from None
                problem, retry_after = "HTTP 429 (throttled)", _retry_after(exc)
            except ServerResponseException as exc:
                problem, retry_after = f"HTTP {exc.status_code} {_code(exc)}", _retry_after(exc)
            except ConnectionException as exc:
                if _could_not_connect(exc):
                    raise Unreachable(f"cannot connect to the endpoint ({type(exc).__name__})") from None
                problem = "the connection broke or timed out"
            except (RequestTimeoutException, RequestException):
                problem = "timed out"
            except SdkException as exc:
                raise CallFailed(f"{what}: {type(exc).__name__}") from None
            else:
                if check(body):
                    return body
                problem = "malformed body"
            if attempt + 1 < self.policy.attempts:
                self.policy.sleep(self.policy.delay(attempt, retry_after))
        raise CallFailed(f"{what}: {problem} after {self.policy.attempts} attempts")

    def list_page(self, offset: int, limit: int, filters: ListFilters) -> tuple[int | None, list[JobSummary]]:
        """One page: the ``count`` the API reports (or None) and the page's jobs.

        Raises :class:`ValueError` for an offset or limit outside the API's ranges.
        """
        if not 0 <= offset <= LIST_OFFSET_MAX or not 1 <= limit <= LIST_LIMIT_MAX:
            raise ValueError(f"offset 0–{LIST_OFFSET_MAX} and limit 1–{LIST_LIMIT_MAX} (got {offset}, {limit})")
        from huaweicloudsdkmetastudio.v1 import List2dModelTrainingJobRequest

        request = List2dModelTrainingJobRequest(offset=offset, limit=limit, **filters.extra)
        if filters.state:
            request.state = ",".join(filters.state)
        if filters.update_since:
            request.update_since = filters.update_since

        def well_formed(body: bytes) -> bool:
            data = _json_object(body)
            return data is not None and isinstance(data.get("jobs", []), list)

        try:
            body = self._call(
                f"list at offset {offset}", lambda: self._sdk.list2d_model_training_job(request), well_formed
            )
        except JobGone as exc:  # no such list: the project, region or endpoint is wrong (a bad argument)
            raise ConfigError(
                f"{exc}: no such project or API path; check --project-id, --region or --endpoint"
            ) from None
        data = _json_object(body) or {}
        jobs = [
            JobSummary(str(j["job_id"]), j.get("state"), j.get("last_update_time"))
            for j in data.get("jobs") or []
            if isinstance(j, dict) and isinstance(j.get("job_id"), str)
        ]
        count = data.get("count")
        return (count if isinstance(count, int) else None), jobs

    def list_changed(self, since: str | None = None, filters: ListFilters | None = None) -> Iterator[JobSummary]:
        """Every job updated at or after ``since`` (all jobs when None), page by page (``limit`` 100).

        A job listed twice (it moved while the pages were read) is yielded once per listing; callers key by
        ``job_id``. Stops at ``count`` (or, without one, at a short page), at an empty page, or at the API's
        largest offset.
        """
        base = filters or ListFilters()
        if since is not None:
            base = ListFilters(base.state, since, base.extra)
        offset = stale = 0
        listed: set[str] = set()
        while offset <= LIST_OFFSET_MAX:
            limit = min(self.page_size, LIST_OFFSET_MAX - offset + 1)
            count, jobs = self.list_page(offset, limit, base)
            # Pages of jobs already listed, one after another: the listing is not moving on, and with a large
            # `count` it would never end. A job that moves while the pages are read is listed twice, so one such
            # page (of one job, with --page-size 1) happens; STALE_PAGES in a row do not.
            stale = stale + 1 if jobs and listed.issuperset(j.job_id for j in jobs) else 0
            if stale >= STALE_PAGES:
                raise CallFailed(f"list at offset {offset}: {stale} pages in a row repeat jobs already listed; stopped")
            listed.update(j.job_id for j in jobs)
            yield from jobs
            offset += len(jobs)
            # ``count`` is the total the API reports: a page shorter than asked is then no end by itself.
            if not jobs or (offset >= count if count is not None else len(jobs) < limit):
                return

    def fetch_detail(self, job_id: str) -> bytes:
        """The detail body of ``job_id`` as the API sent it (a JSON object whose ``job_id`` is ``job_id``).

        Raises :class:`JobGone` on 404, and the other :class:`RemoteError` subclasses as the module says.
        """
        from huaweicloudsdkmetastudio.v1 import Show2dModelTrainingJobRequest

        request = Show2dModelTrainingJobRequest(job_id=job_id)

        def well_formed(body: bytes) -> bool:
            data = _json_object(body)
            return data is not None and data.get("job_id") == job_id

        return self._call(
            f"job {redact_text(job_id)}", lambda: self._sdk.show2d_model_training_job(request), well_formed
        )
