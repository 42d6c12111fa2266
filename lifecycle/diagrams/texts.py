"""Every text a diagram shows, in both languages: titles, marks, notes and the legend.

One table per purpose, keyed by language, so that a Chinese view is Chinese throughout (codes and
wire values excepted: log types, state names and the ``[flexus]`` / ``[na]`` variant tags are the
API's own spelling).
"""

from __future__ import annotations

from typing import Final, Literal

from lifecycle.spec.vocabulary import Lang

Mark = Literal["documented", "implied", "assumed", "alternative", "observed"]
"""How sure a drawn log type is: the spec's three confidences, ``observed`` (only real histories
show it: an overlay from ``lifecycle mine``) and ``alternative`` (another reading of the sources,
drawn dashed and named: an entry of one of the spec's ``[[alternative]]`` readings)."""

MARKS: Final[dict[Mark, dict[Lang, str]]] = {
    "documented": {"en": " (doc)", "zh": " (文档)"},
    "implied": {"en": "", "zh": ""},
    "assumed": {"en": " (?)", "zh": " (?)"},
    "alternative": {"en": " (alt)", "zh": " (备选)"},
    "observed": {"en": " (observed ×{n})", "zh": " (实测 ×{n})"},
}
"""Appended to each log type of an edge label, so every log keeps its own confidence whatever the
arrow's style (mermaid cannot style one edge of a state diagram at all)."""

ALT_NAMED: Final[dict[Lang, str]] = {"en": " (alt · {r})", "zh": " (备选 · {r})"}
"""The mark of an alternative reading's item, naming the reading (a name from the spec, kept as is)."""

OBSERVED_NO_COUNT: Final[dict[Lang, str]] = {"en": " (observed)", "zh": " (实测)"}

TEXT: Final[dict[str, dict[Lang, str]]] = {
    "full": {"en": "Lifecycle {e}: all states", "zh": "生命周期 {e}：全部状态"},
    "group": {"en": "Lifecycle {e}: {g}", "zh": "生命周期 {e}：{g}"},
    "stage": {"en": "Lifecycle {e}: {g}, {s}", "zh": "生命周期 {e}：{g} · {s}"},
    "around": {"en": "Lifecycle {e}: around {s}, depth {n}", "zh": "生命周期 {e}：{s} 周围（深度 {n}）"},
    "user": {"en": "Lifecycle {e}: what a user sees", "zh": "生命周期 {e}：用户所见"},
    "overview": {"en": "Lifecycle {e}: overview of the groups and stages", "zh": "生命周期 {e}：分组与阶段总览"},
    "overlays": {"en": " + overlays {o}", "zh": " + 覆盖 {o}"},
    "silent": {"en": "(silent)", "zh": "(静默)"},
    "na": {"en": "NA only", "zh": "仅 NA 用户"},
    "rerun": {"en": "re-run / reset", "zh": "重跑 / 重置"},
    "side_title": {"en": "Logs that never change the state (side events)", "zh": "不改变状态的日志（旁路事件）"},
    "side_all": {"en": "in every state: {logs}", "zh": "所有状态均可：{logs}"},
    "side_but": {"en": "in every state but {states}: {logs}", "zh": "除 {states} 外的所有状态：{logs}"},
    "side_in": {"en": "in {states}: {logs}", "zh": "仅在 {states}：{logs}"},
    "side_some": {"en": "in {n} of these states: {logs}", "zh": "其中 {n} 个状态：{logs}"},
    "side_count": {"en": "{n} log types; the full view lists them", "zh": "共 {n} 种，全部状态图中列出"},
    "rerun_title": {"en": "Re-run / reset by an administrator", "zh": "管理员重跑 / 重置"},
    "rerun_from": {"en": "from any of {n} states: {where}", "zh": "可从 {n} 个状态中任一发出：{where}"},
    "alt_stub": {"en": "alternative reading", "zh": "备选解读"},
    "alt_title": {
        "en": "Alternative readings (dashed; a log only they allow is a warning, unconfirmed-transition)",
        "zh": "备选解读（虚线；仅其允许的日志只给警告 unconfirmed-transition）",
    },
    "alt_reading": {"en": "{r} ({c}):", "zh": "{r}（{c}）："},
    "alt_side": {"en": "logs that keep the state, in {where}: {logs}", "zh": "不改变状态的日志，在 {where}：{logs}"},
    "alt_edges": {"en": "the dashed arrows labelled with it", "zh": "图中标有其名称的虚线箭头"},
    "all_but": {"en": "all of {g} but {but}", "zh": "{g} 中除 {but} 外全部"},
    "all_of": {"en": "all of {g} ({n})", "zh": "{g} 全部 ({n})"},
}

_LEGEND: Final[dict[str, dict[Lang, str]]] = {
    "documented": {"en": "(doc) documented: a source states it", "zh": "(文档) 有据：来源明确说明"},
    "implied": {
        "en": "no mark = implied: follows from names, labels or an example",
        "zh": "无标记＝推断：由名称、标签或示例推出",
    },
    "assumed": {"en": "(?) assumed: a modelling choice", "zh": "(?) 假设：建模选择"},
    "alternative": {
        "en": "dashed (alt · name): an alternative reading of the sources, see the note",
        "zh": "虚线 (备选 · 名称)：对来源的另一种解读，见注释",
    },
    "observed": {
        "en": "(observed ×N) only real histories show it, N times",
        "zh": "(实测 ×N) 仅真实历史中出现，共 N 次",
    },
    "silent": {"en": "(silent) the state moves, no log records it", "zh": "(静默) 状态改变但没有日志"},
    "mixed": {"en": "an arrow is drawn as its best-backed log", "zh": "箭头按其中依据最强的日志绘制"},
    "usual": {"en": "bold: the usual path of a job", "zh": "粗线：任务的常规路径"},
    "variant": {"en": "[flexus] / [na]: only jobs of that kind", "zh": "[flexus] / [na]：仅该类任务"},
    "na": {"en": "NA only: NA-whitelist jobs only", "zh": "仅 NA 用户：仅 NA 白名单任务有此状态"},
    "final": {
        "en": "double border, arrow to the end dot: final, can never change",
        "zh": "双边框、指向终点：最终状态，不可再变",
    },
    "rerun": {
        "en": "small dashed box: the many states a re-run / reset or a reading comes from, see the note",
        "zh": "小虚线框：重跑 / 重置或备选解读的众多来源状态，见注释",
    },
    "boundary": {"en": "grey dashed box: a state of another part", "zh": "灰色虚线框：其他部分的状态"},
    "highlight": {"en": "yellow: the state asked about", "zh": "黄色：所查询的状态"},
}
"""Legend entries by style key; the key order here is the order in the legend."""

LEGEND_KEYS: Final = tuple(_LEGEND)
LEGEND_TITLE: Final[dict[Lang, str]] = {"en": "Legend", "zh": "图例"}


def text(key: str, lang: Lang, **kw: object) -> str:
    """The text ``key`` in ``lang``, formatted with ``kw``."""
    return TEXT[key][lang].format(**kw)


def legend_text(key: str, lang: Lang) -> str:
    """The legend entry of a style key (``KeyError`` for an unknown key)."""
    return _LEGEND[key][lang]
