"""Human messages of the diagnostics, in English and Chinese. Placeholders are filled by name."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

from lifecycle.spec.vocabulary import Lang

MESSAGES: Final[dict[str, dict[Lang, str]]] = {
    "invalid-json": {
        "en": "not a JSON object: {detail}",
        "zh": "不是 JSON 对象: {detail}",
    },
    "invalid-field": {
        "en": "{field}: {detail}",
        "zh": "{field}: {detail}",
    },
    "unknown-state": {
        "en": "state {state} is not in edition {edition}",
        "zh": "状态 {state} 不在 {edition} 版本中",
    },
    "unknown-log-type": {
        "en": "log type {log_type} is not in edition {edition}; skipped",
        "zh": "日志类型 {log_type} 不在 {edition} 版本中, 已跳过",
    },
    "illegal-transition": {
        "en": "{log_type} is not allowed in {states}; expected one of: {allowed}",
        "zh": "{log_type} 不能出现在 {states} 状态; 可以出现的有: {allowed}",
    },
    "unconfirmed-transition": {
        "en": "{log_type} is not allowed in {states} by the spec's reading; "
        "the reading '{reading}' allows it ({confidence}: {evidence})",
        "zh": "按规范的解读 {log_type} 不能出现在 {states} 状态; "
        "另一种解读 '{reading}' 允许它 ({confidence}: {evidence})",
    },
    "actor-mismatch": {
        "en": "{log_type} is written by {actors}, not {actor}",
        "zh": "{log_type} 应由 {actors} 写入, 而不是 {actor}",
    },
    "time-regression": {
        "en": "operate_time {time} is earlier than the previous log's {previous}",
        "zh": "operate_time {time} 早于上一条日志的 {previous}",
    },
    "missing-creation": {
        "en": "the history starts with {first} instead of {creation}",
        "zh": "操作日志以 {first} 开始, 而不是 {creation}",
    },
    "state-mismatch": {
        "en": "reported state {state} is not reachable after the history; it may end in: {states}",
        "zh": "上报的状态 {state} 与操作日志不符; 日志之后可能的状态: {states}",
    },
    "after-final": {
        "en": "{log_type} comes after the final state {states}",
        "zh": "{log_type} 出现在最终状态 {states} 之后",
    },
    "repeated-log": {
        "en": "{log_type} may appear only once; first at index {first}",
        "zh": "{log_type} 只能出现一次; 第一次在第 {first} 条",
    },
    "deprecated-value": {
        "en": "{field} {value} is deprecated",
        "zh": "{field} {value} 已废弃",
    },
    "inconsistent-time": {
        "en": "{detail}",
        "zh": "{detail}",
    },
}


def render(code: str, lang: Lang, **params: object) -> str:
    return MESSAGES[code][lang].format(**params)


MAX_LISTED: Final = 8
"""How many names a message lists before it says how many more there are."""


def listing(names: Iterable[str]) -> str:
    """Names sorted and joined for a message, at most :data:`MAX_LISTED` of them; ``-`` for none.

    >>> listing(["B", "A"]), listing([]), listing(str(n) for n in range(10))
    ('A, B', '-', '0, 1, 2, 3, 4, 5, 6, 7 (+2 more)')
    """
    items = sorted(names)
    if not items:
        return "-"
    shown = ", ".join(items[:MAX_LISTED])
    return shown + (f" (+{len(items) - MAX_LISTED} more)" if len(items) > MAX_LISTED else "")
