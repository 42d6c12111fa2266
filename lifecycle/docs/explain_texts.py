"""Every text ``lifecycle explain`` prints around the spec's data, in English and Chinese.

Under ``--lang zh`` each line of the body is Chinese but for codes and wire values (state and log
names, ``USER``/``ADMIN``/``SYSTEM``, source ids) and the sources' own words (labels, evidence, titles),
which are quoted as the spec holds them.
"""

from __future__ import annotations

from typing import Final

from lifecycle.spec.model import Confidence
from lifecycle.spec.vocabulary import Lang

TEXT: Final[dict[str, dict[Lang, str]]] = {
    "state": {"en": "state", "zh": "状态"},
    "log type": {"en": "log type", "zh": "操作日志类型"},
    "group head": {
        "en": "{head} — console group; its states: {states}",
        "zh": "{head} — 控制台分组；其中的状态：{states}",
    },
    "console group": {"en": "console group: {zh} / {en} ({c})", "zh": "控制台分组：{zh}（{c}）"},
    "user sees": {"en": "a user sees: {label}", "zh": "用户看到：{label}"},
    "admin sees": {"en": "an admin sees: {label}", "zh": "管理员看到：{label}"},
    "flags": {
        "en": "kind: {kind}; NA-only: {na}; final: {final}; resting: {resting}",
        "zh": "类别：{kind}；仅 NA 用户：{na}；最终状态：{final}；可长期停留：{resting}",
    },
    "deprecated state": {
        "en": "deprecated (implied): the vendor no longer describes the state, and the log leaving it is deprecated",
        "zh": "已废弃（推断）：厂商不再说明此状态，离开它的日志也已废弃",
    },
    "since": {
        "en": "since: edition {e} (the first edition of this library's spec that lists it)",
        "zh": "始于：规范版本 {e}（本库规范中首个列出它的版本）",
    },
    "since api": {
        "en": "; in the API enum since {date} (Go SDK {v})",
        "zh": "；API 枚举自 {date} 起已有（Go SDK {v}）",
    },
    "since api unknown": {"en": "; no SDK release dates it", "zh": "；没有 SDK 版本记录其出现时间"},
    "reached by": {"en": "reached by:", "zh": "到达方式："},
    "creates here": {"en": "{log} creates the job here", "zh": "{log} 在此创建任务"},
    "from": {"en": "{log} from {sources}", "zh": "{log}，来自 {sources}"},
    "more states": {"en": "... ({n} states)", "zh": "…（共 {n} 个状态）"},
    "variant only": {"en": " ({v} jobs only)", "zh": "（仅 {v} 任务）"},
    "no log from": {"en": "no log, from {sources}: {trigger}", "zh": "无日志，来自 {sources}：{trigger}"},
    "next": {"en": "may come next (log -> state):", "zh": "接下来可能（日志 -> 状态）："},
    "drift": {"en": "may move with no log to: {states}", "zh": "可能无日志地转到：{states}"},
    "side here": {"en": "side events accepted here ({n}): {logs}", "zh": "此处接受的旁路事件（{n} 种）：{logs}"},
    "final": {"en": "final: no log may follow", "zh": "最终状态：之后不能再有日志"},
    "no way out": {"en": "no way out is known", "zh": "不知道任何离开此状态的方式"},
    "written by": {"en": "written by: {actors} ({c})", "zh": "写入者：{actors}（{c}）"},
    "effect": {"en": "effect: {effect}", "zh": "作用：{effect}"},
    "log deprecated": {"en": "deprecated", "zh": "已废弃"},
    "once": {"en": "at most once per job", "zh": "每个任务至多一次"},
    "creates": {"en": "creates the job: -> {state}", "zh": "创建任务：-> {state}"},
    "rule": {"en": "{sources} -> {targets}  [{c}]{variant}", "zh": "{sources} -> {targets}  [{c}]{variant}"},
    "side in": {
        "en": "side event (state unchanged) in: {where}  [{c}]",
        "zh": "旁路事件（状态不变），在：{where}  [{c}]",
    },
    "every non-final": {"en": "every non-final state", "zh": "所有非最终状态"},
    "evidence": {"en": "evidence: {e}", "zh": "依据：{e}"},
    "sources": {"en": "sources:", "zh": "来源："},
    "unknown source": {"en": "(unknown)", "zh": "（未知）"},
    "yes": {"en": "yes", "zh": "是"},
    "no": {"en": "no", "zh": "否"},
    "separator": {"en": "; ", "zh": "；"},
}

WORDS: Final[dict[str, dict[Lang, str]]] = {
    # effects of a log type
    "move": {"en": "move", "zh": "改变状态"},
    "side": {"en": "side", "zh": "不改变状态"},
    "mixed": {"en": "mixed", "zh": "视状态而定"},
    "none": {"en": "none", "zh": "无"},
    # state kinds (lifecycle.spec.vocabulary.StateKind)
    "waiting": {"en": "waiting", "zh": "等待"},
    "running": {"en": "running", "zh": "进行中"},
    "failed": {"en": "failed", "zh": "失败"},
    "stopped": {"en": "stopped", "zh": "已中止"},
    "suspended": {"en": "suspended", "zh": "挂起"},
    "done": {"en": "done", "zh": "完成"},
}
"""Values of the spec's enums, as explain words them."""


def say(key: str, lang: Lang, **kw: object) -> str:
    """The text ``key`` in ``lang``, formatted with ``kw``."""
    return TEXT[key][lang].format(**kw)


def word(value: str, lang: Lang) -> str:
    """An enum value in ``lang``: a confidence (the spec's, a group's, an actor list's) as
    :meth:`Confidence.label` words it, an effect or a state kind from :data:`WORDS`, else itself."""
    if value in set(Confidence):
        return Confidence(value).label(lang)
    return WORDS.get(value, {}).get(lang, value)
