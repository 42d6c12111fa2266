"""The connection options ``fetch`` and ``watch`` share, and the :class:`JobsClient` they build.

Credentials are never an option: they come from the SDK's providers (see :mod:`lifecycle.remote.client`).
"""

from __future__ import annotations

import argparse
import importlib
import ipaddress
import sys
from typing import Any
from urllib.parse import SplitResult, urlsplit

from lifecycle.payload.redaction import redact_text
from lifecycle.payload.timestamps import parse_rfc3339
from lifecycle.remote.client import LIST_LIMIT_MAX, Connection, JobsClient, RetryPolicy

MAX_TIMEOUT = 86400.0
"""The longest read timeout: a day."""


def connection_options(p: Any) -> None:
    """``--project-id``, ``--region`` | ``--endpoint``, ``--timeout``, ``--retries``, ``--page-size``."""
    p.add_argument("--project-id", metavar="ID", help="project id (default: the SDK's HUAWEICLOUD_SDK_PROJECT_ID)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--region", metavar="R", help="region id, e.g. cn-north-4 (the default)")
    where.add_argument(
        "--endpoint", metavar="URL", help="endpoint URL, e.g. https://metastudio.cn-north-4.myhuaweicloud.com"
    )
    p.add_argument("--timeout", type=float, default=60.0, metavar="SECONDS", help="read timeout (default 60)")
    p.add_argument("--retries", type=int, default=5, metavar="N", help="attempts per call (default 5)")
    p.add_argument("--page-size", type=int, default=100, metavar="N", help="jobs per list page, 1-100 (default 100)")


def connection_problem(args: argparse.Namespace) -> str | None:
    """What is wrong with the connection options (one line), or None."""
    if not 0 < args.timeout <= MAX_TIMEOUT:  # nan and inf too (the HTTP client refuses them mid-run)
        return f"--timeout must be more than 0 and at most {MAX_TIMEOUT:g} seconds"
    if args.retries < 1:
        return "--retries must be at least 1"
    if not 1 <= args.page_size <= LIST_LIMIT_MAX:
        return f"--page-size must be 1-{LIST_LIMIT_MAX} (the API's limit range)"
    for option, value in (("--region", args.region), ("--project-id", args.project_id)):
        if value is not None and not value.strip():
            return f"{option} must not be empty"
    if any(not state.strip() for state in getattr(args, "state", ())):
        return "--state must not be empty"
    if args.endpoint is not None and _url(args.endpoint) is None:
        return f"--endpoint must be an http:// or https:// URL (got {redact_text(args.endpoint)!r})"
    return None


def _url(endpoint: str) -> SplitResult | None:
    """``endpoint`` split, or ``None`` when it is no http(s) URL with a host (and a port, if any, in range)."""
    try:
        url = urlsplit(endpoint)
        url.port  # noqa: B018 (raises ValueError for a port out of range)
    except ValueError:  # "http://[::1": an unclosed IPv6 address
        return None
    host = url.hostname or ""
    if url.scheme not in ("http", "https") or not host or any(c.isspace() for c in host):  # scheme: lower case
        return None
    return url


def _on_this_machine(host: str) -> bool:
    if host.rstrip(".") == "localhost" or host.rstrip(".").endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:127.0.0.1
    return address.is_loopback or (mapped is not None and mapped.is_loopback)


def cleartext_warning(endpoint: str | None) -> str | None:
    """A warning for an ``http://`` endpoint off this machine: the SDK sends a temporary security token
    (``X-Security-Token``) and every job detail (phone numbers, signed URLs) without encryption."""
    if endpoint is None:
        return None
    url = _url(endpoint)
    if url is None or url.scheme != "http" or _on_this_machine(url.hostname or ""):
        return None
    return f"{redact_text(endpoint)} is not https: credentials' tokens and job details cross the network unencrypted"


def fail(message: str) -> int:
    """Say ``message`` on stderr as one line; exit code 2."""
    print(f"lifecycle: error: {message}", file=sys.stderr)
    return 2


def preflight(args: argparse.Namespace, command: str, since: tuple[str, str | None]) -> str | None:
    """What stops ``command`` before any call (one line), or None: the connection options, ``since``
    (option name, value: RFC 3339 when given), and the ``sdk`` extra being installed."""
    problem = connection_problem(args)
    if problem is not None:
        return problem
    warning = cleartext_warning(args.endpoint)
    if warning is not None:
        print(f"lifecycle: warning: {warning}", file=sys.stderr)
    option, value = since
    if value is not None:
        try:
            parse_rfc3339(value)
        except ValueError as exc:
            return f"{option} {value!r}: {exc}"
    for module in ("huaweicloudsdkmetastudio", "tqdm"):
        try:
            importlib.import_module(module)
        except ImportError:
            return f"{command} needs the SDK: pip install 'lifecycle[sdk]'"
    return None


def open_client(args: argparse.Namespace) -> JobsClient:
    """The client the options describe; raises :class:`~lifecycle.remote.client.ConfigError` (no credentials,
    no project id, unknown region)."""
    connection = Connection(args.region, args.endpoint, args.project_id, read_timeout=args.timeout)
    return JobsClient(connection, RetryPolicy(attempts=args.retries), page_size=args.page_size)
