"""Human messages of the diagnostics, in English and Chinese. Placeholders are filled by name."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
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
    "overdue": {
        "en": "in {group_en} since {since}: {spent:.1f} {unit_en}; the vendor documents at most {limit_en} ({source})",
        "zh": "自 {since} 起处于{group_zh}: 已 {spent:.1f} {unit_zh}; 厂商文档说最多 {limit:g} {unit_zh} ({source})",
    },
}


def render(code: str, lang: Lang, **params: object) -> str:
    """The message of ``code`` in ``lang``; in Chinese, the English details it carries are translated too
    (see :func:`detail_zh`), so a Chinese report has no English sentence."""
    if lang == "zh":
        params = _zh_params(params)
    if code == "invalid-field" and not params.get("field"):
        return str(params["detail"])  # the root (an API error body): no field to name
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


PYDANTIC_ZH: Final[dict[str, str]] = {
    "missing": "必填字段缺失",
    "int_type": "应为整数",
    "int_parsing": "应为整数, 无法把字符串解析为整数",
    "int_from_float": "应为整数, 收到的数有小数部分",
    "float_type": "应为数字",
    "float_parsing": "应为数字, 无法把字符串解析为数字",
    "finite_number": "应为有限的数字",
    "bool_type": "应为布尔值",
    "bool_parsing": "应为布尔值, 无法解析",
    "string_type": "应为字符串",
    "list_type": "应为列表",
    "dict_type": "应为对象",
    "model_type": "应为对象",
    "model_attributes_type": "应为对象",
    "greater_than": "应大于 {gt}",
    "greater_than_equal": "应大于或等于 {ge}",
    "less_than": "应小于 {lt}",
    "less_than_equal": "应小于或等于 {le}",
    "string_too_short": "至少应有 {min_length} 个字符",
    "string_too_long": "最多应有 {max_length} 个字符",
    "too_short": "至少应有 {min_length} 项, 实际 {actual_length} 项",
    "too_long": "最多应有 {max_length} 项, 实际 {actual_length} 项",
    "string_pattern_mismatch": "应匹配模式 '{pattern}'",
    "enum": "应为 {expected}",
    "literal_error": "应为 {expected}",
    "datetime_type": "应为日期时间",
    "datetime_parsing": "应为日期时间, {error}",
    "datetime_from_date_parsing": "应为日期时间, {error}",
    "timezone_aware": "应带时区",
    "url_type": "URL 应为字符串",
    "url_parsing": "应为有效的 URL, {error}",
    "value_error": "值错误, {error}",
    "extra_forbidden": "不允许额外的字段",
    "int_parsing_size": "应为整数, 字符串过长, 无法解析",
    "string_unicode": "应为字符串, 无法按 Unicode 解析原始数据",
    "url_too_long": "URL 最多应有 {max_length} 个字符",
    "url_scheme": "URL 的协议应为 {expected_schemes}",
    "url_syntax_violation": "违反严格的 URL 语法, {error}",
    "json_invalid": "无效的 JSON: {error}",
    "recursion_loop": "递归错误, 检测到循环引用",
    "none_required": "应为 null",
    "multiple_of": "应为 {multiple_of} 的倍数",
    "is_instance_of": "应为 {class} 的实例",
    "union_tag_invalid": "{discriminator} 找到的标签 '{tag}' 不是预期的标签之一: {expected_tags}",
}
"""pydantic's error types in Chinese, keyed by type (https://docs.pydantic.dev/latest/errors/validation_errors/);
the English message pydantic wrote is matched against the type's own template to recover the type and its
context. A type not listed keeps its English message."""

_DETAILS_ZH: Final[tuple[tuple[str, str], ...]] = (
    # Written by lifecycle.payload.models, lifecycle.validation.decode / checks and lifecycle.payload.jsontext.
    (r"required field is absent or null", "必填字段缺失或为 null"),
    (r"is missing", "缺失"),
    (r"must be a string", "必须是字符串"),
    (r"must be a list; treated as empty", "必须是列表; 按空列表处理"),
    (r"must be an object; skipped", "必须是对象; 已跳过"),
    (r"must be a boolean; the job is checked as either variant", "必须是布尔值; 按两种变体都检查该作业"),
    (r"is missing; the log is skipped", "缺失; 该日志已跳过"),
    (r"must be a string; the log is skipped", "必须是字符串; 该日志已跳过"),
    (r"the top level is (?P<a>.+)", "顶层是 {a}"),
    (r"the payload is (?P<a>.+), not a JSON object", "负载是{a}, 不是 JSON 对象"),
    (
        r"the payload is an API error body \(error_code (?P<a>.+)\), not a job",
        "负载是 API 错误响应 (error_code {a}), 不是作业",
    ),
    (r"the payload could not be repaired; all fields dropped", "负载无法修复; 已丢弃所有字段"),
    (r"the text is not JSON: (?P<a>.+)", "文本不是 JSON: {a}"),
    (r"the text is not UTF-8, UTF-16 or UTF-32", "文本不是 UTF-8, UTF-16 或 UTF-32"),
    (r"not an RFC 3339 date-time with a UTC offset", "不是带 UTC 偏移的 RFC 3339 日期时间"),
    (r"not a valid calendar date-time", "不是有效的日历日期时间"),
    (r"not a HH:MM:SS.mmm marking time", "不是 HH:MM:SS.mmm 格式的标记时间"),
    (r"nested deeper than (?P<a>\d+) levels", "嵌套超过 {a} 层"),
    (r"create_time (?P<a>.+) is after the first log \((?P<b>.+)\)", "create_time {a} 晚于第一条日志 ({b})"),
    (r"last_update_time (?P<a>.+) is before create_time (?P<b>.+)", "last_update_time {a} 早于 create_time {b}"),
    (r"(?P<a>.+) \(got (?P<b>.*)\); value dropped", "{a} (收到 {b}); 已丢弃该值"),
    (r"(?P<a>.+?): line (?P<l>\d+) column (?P<c>\d+) \(char (?P<n>\d+)\)", "{a}: 第 {l} 行第 {c} 列 (字符偏移 {n})"),
    # json's pure-Python scanner (used where its C accelerator is missing) quotes the character.
    (r"Invalid control character (?P<a>'.*') at", "无效的控制字符 {a}, 位于"),
    (r"Invalid \\escape: (?P<a>'.*')", "无效的转义: {a}"),
)
"""Our own English details, and the shapes that wrap others, in Chinese: the first full match wins."""

_WORDS_ZH: Final = {
    # The kinds _json_kind names, and the json module's messages (a JSON text that does not decode).
    "null": "null",
    "a boolean": "布尔值",
    "a number": "数字",
    "a string": "字符串",
    "an array": "数组",
    "an object": "对象",
    # Python's names of decoded JSON values (decode.py's "the top level is list").
    "list": "数组",
    "int": "整数",
    "float": "数字",
    "str": "字符串",
    "bool": "布尔值",
    "dict": "对象",
    "tuple": "元组",
    "bytes": "字节串",
    "Expecting value": "此处应有值",
    "Unterminated string starting at": "字符串未结束, 开始于",
    "Expecting property name enclosed in double quotes": "此处应有用双引号括起的属性名",
    "Expecting ',' delimiter": "此处应有逗号 ','",
    "Expecting ':' delimiter": "此处应有冒号 ':'",
    "Extra data": "多余的数据",
    "Invalid control character at": "无效的控制字符, 位于",
    "Invalid \\escape": "无效的转义",
    "Invalid \\uXXXX escape": "无效的 \\uXXXX 转义",
    "Unexpected UTF-8 BOM (decode using utf-8-sig)": "意外的 UTF-8 BOM (应按 utf-8-sig 解码)",
    # Python 3.13's json names a trailing comma.
    "Illegal trailing comma before end of object": "对象结束前有多余的逗号",
    "Illegal trailing comma before end of array": "数组结束前有多余的逗号",
    # What lifecycle.payload.redaction shows instead of a value (redact_value_for_message).
    "(value withheld)": "(值已隐去)",
    "a number too long to show": "(数字过长, 不显示)",
}

_VALUES_ZH: Final = {"nothing": "(无)", "documented": "有文档", "implied": "可推断", "assumed": "推测"}
"""Whole parameter values that are English words (missing-creation's ``first`` of an empty history, a
rule's confidence). A rule's evidence is the source's own words and stays as cited."""

_LISTED_ZH: Final = (
    (re.compile(r" \(\+(\d+) side events\)"), r" (另有 \1 个附带事件)"),
    (re.compile(r" \(\+(\d+) more\)"), r" (另有 \1 个)"),
)


@cache
def _pydantic_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each translated pydantic type's English template as a pattern (pydantic_core writes the templates)."""
    from pydantic_core import PydanticKnownError

    out: list[tuple[str, re.Pattern[str], str]] = []
    # Every key a listed type's context may require (only the template is read, not the values).
    context: dict[str, object] = dict.fromkeys(("gt", "ge", "lt", "le", "min_length", "max_length", "actual_length"), 0)
    context.update(dict.fromkeys(("pattern", "expected", "class_name", "error", "field_type", "class"), "x"))
    context.update(dict.fromkeys(("expected_schemes", "tag", "discriminator", "expected_tags", "multiple_of"), "x"))
    for kind, zh in PYDANTIC_ZH.items():
        try:
            template = PydanticKnownError(kind, context).message_template  # type: ignore[arg-type]
        except (KeyError, TypeError, ValueError):  # a type this pydantic does not know
            continue
        pattern = re.escape(template)
        for name in dict.fromkeys(re.findall(r"\\\{(\w+)\\\}", pattern)):
            pattern = pattern.replace(rf"\{{{name}\}}", rf"(?P<{name}>.*?)", 1).replace(rf"\{{{name}\}}", ".*?")
        out.append((template, re.compile(pattern), zh))
    # The longest template first: "less than or equal to {le}" before "less than {lt}".
    out.sort(key=lambda row: -len(row[0]))
    return tuple((pattern, zh) for _, pattern, zh in out)


@cache
def _details() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern), zh) for pattern, zh in _DETAILS_ZH)


def detail_zh(text: str) -> str:
    """An English detail in Chinese: ours through :data:`_DETAILS_ZH`, pydantic's through its error types
    (:data:`PYDANTIC_ZH`); what neither knows stays as it is.

    >>> detail_zh("Input should be less than or equal to 10 (got 99); value dropped")
    '应小于或等于 10 (收到 99); 已丢弃该值'
    >>> detail_zh("the text is not JSON: Expecting value: line 1 column 1 (char 0)")
    '文本不是 JSON: 此处应有值: 第 1 行第 1 列 (字符偏移 0)'
    """
    if text in _WORDS_ZH:
        return _WORDS_ZH[text]
    for pattern, zh in _details():
        found = pattern.fullmatch(text)
        if found:
            return zh.format(**{k: detail_zh(v) for k, v in found.groupdict().items()})
    for pattern, zh in _pydantic_patterns():
        found = pattern.fullmatch(text)
        if found:
            values = {k: detail_zh(v).replace(" or ", " 或 ") for k, v in found.groupdict().items()}
            return zh.format_map(_Keep(values))
    return text


class _Keep(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


def _zh_params(params: dict[str, object]) -> dict[str, object]:
    out = dict(params)
    for key, value in params.items():
        if type(value) is not str:
            continue
        if key == "detail":
            value = detail_zh(value)
        value = _VALUES_ZH.get(value, value)
        for pattern, zh in _LISTED_ZH:
            value = pattern.sub(zh, value)
        out[key] = value
    return out
