"""Real jobs in: ``lifecycle fetch`` and ``lifecycle watch`` (official SDK), ``lifecycle status`` (a fleet view of
an export).

Importing this package loads no SDK: :mod:`lifecycle.remote.client` imports ``huaweicloudsdkmetastudio``
inside the functions that call it.
"""

from __future__ import annotations

from typing import Any


def register(sub: Any) -> None:
    """Add the ``fetch``, ``watch`` and ``status`` commands to the command line's subparsers."""
    from lifecycle.remote import fetch, status, watch

    fetch.register(sub)
    watch.register(sub)
    status.register(sub)
