"""Lifecycle -> diagram IR: the three views (full, one console group, what a user sees).

Choices made here, and why:

* **Parallel rules merge.** Every rule between the same two states becomes one edge listing its log
  types, sorted; silent transitions get their own edge, so a rule and a silent move between the
  same states stay distinguishable.
* **Hubs.** A rule with at least :data:`HUB_MIN_SOURCES` sources (``REDO_*`` and ``ADMIN_RESET``
  may come from any of 51 states) would draw hundreds of arrows. Its sources are drawn as one hub
  node, labelled with the groups and states it stands for, with one edge per target. Hubs are keyed
  by their exact member set, so rules with the same sources share one hub.
* **Side events** are counted on the state (``+36 side events``) rather than drawn as self-loops.
* **Group view.** The group's states, plus every state directly connected to them as a plain
  boundary node. A hub rule keeps only the sources that matter to the group (all of them when it
  leads into the group, the group's own otherwise); when few remain they are drawn one by one.
* **User view.** One node per console group (what the console shows a user); an edge wherever a
  rule or silent transition crosses groups, labelled with the number of log types.
* **Observed rules.** A rule whose every piece of evidence is of kind ``observed`` (real histories
  showed it: an overlay from ``lifecycle mine``) is an edge of its own kind, labelled
  ``LOG (observed ×N)`` with N read from the evidence, and listed rather than counted in the user
  view: the point of drawing it is to see what the data adds to the documentation. For the same
  reason an observed side event is drawn as a self-loop, not counted with the documented ones.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from lifecycle.diagrams.model import Cluster, Diagram, Direction, Edge, EdgeItem, EdgeKind, Node, View
from lifecycle.engine.compiled import BEFORE_CREATION, Lifecycle
from lifecycle.spec.model import Evidence, EvidenceKind
from lifecycle.spec.vocabulary import GROUP_LABELS_EN, ConsoleGroup, Lang, group_label

HUB_MIN_SOURCES: Final = 8
"""A rule with this many sources (or more) is drawn from a hub. The shipped rules have at most 4
sources or at least 33, so any value in between gives the same diagrams."""

SMALL_GROUP: Final = 4
"""Group diagrams of at most this many states are laid out left to right, the others top to bottom."""

_TEXT: Final[dict[str, dict[Lang, str]]] = {
    "full": {"en": "Lifecycle {e}: all states", "zh": "生命周期 {e}：全部状态"},
    "group": {"en": "Lifecycle {e}: {g}", "zh": "生命周期 {e}：{g}"},
    "user": {"en": "Lifecycle {e}: what a user sees", "zh": "生命周期 {e}：用户所见"},
    "silent": {"en": "(silent)", "zh": "(静默)"},
    "na": {"en": "NA only", "zh": "仅 NA 用户"},
    "any": {"en": "any of {n} states", "zh": "{n} 个状态中任一"},
    "all_of": {"en": "all of {g} ({n})", "zh": "{g} 全部 ({n})"},
    "logs": {"en": "{n} log types", "zh": "{n} 种日志"},
    "one_log": {"en": "1 log type", "zh": "1 种日志"},
    "overlays": {"en": " + overlays {o}", "zh": " + 覆盖 {o}"},
}

_LEGEND: Final[dict[str, dict[Lang, str]]] = {
    "documented": {"en": "documented: a source states it", "zh": "documented：有来源明确说明"},
    "implied": {"en": "implied: follows from names, labels or an example", "zh": "implied：由名称、标签或示例推出"},
    "assumed": {"en": "assumed: a modelling choice", "zh": "assumed：建模假设"},
    "silent": {"en": "silent: the state moves, no log records it", "zh": "静默：状态改变但没有日志"},
    "merged": {
        "en": "an edge with several log types is styled by the weakest",
        "zh": "含多种日志的边按其中最弱的置信度绘制",
    },
    "variant": {"en": "[flexus] / [na]: only jobs of that variant", "zh": "[flexus] / [na]：仅该类任务"},
    "side": {"en": "+N side events: logs that leave the state as it is", "zh": "+N 种不改状态的日志：不画成自环"},
    "hub": {"en": "hub: stands for many source states", "zh": "汇集节点：代表多个源状态"},
    "boundary": {"en": "boundary: a state of another group", "zh": "边界：其他分组的状态"},
    "na": {"en": "NA only: NA-whitelist jobs only", "zh": "仅 NA 用户：仅 NA 白名单任务"},
    "observed": {
        "en": "observed: only real histories show it (lifecycle mine), N times",
        "zh": "observed：仅真实历史中出现（lifecycle mine），共 N 次",
    },
}

_OBSERVED_TIMES: Final = re.compile(r"\b(\d+) times?\b")
"""How :func:`lifecycle.mining.miner.suggest_overlay` words a count: ``observed in 9 jobs, 12 times``."""


def _t(key: str, lang: Lang, **kw: object) -> str:
    return _TEXT[key][lang].format(**kw)


def group_slug(group: ConsoleGroup) -> str:
    """An ASCII slug of the group's English name: ``algorithm-training-ongoing``."""
    return re.sub(r"[^a-z0-9]+", "-", GROUP_LABELS_EN[group].lower()).strip("-")


def cluster_id(group: ConsoleGroup) -> str:
    return "G_" + group_slug(group).replace("-", "_")


def groups_of(lc: Lifecycle) -> list[ConsoleGroup]:
    """The console groups that have states in this lifecycle, in console order."""
    present = {ConsoleGroup(g) for g, members in lc.spec.groups.items() if members}
    return [g for g in ConsoleGroup if g in present]


def resolve_group(lc: Lifecycle, name: str) -> ConsoleGroup:
    """A group by its console name, English name or slug; ``ValueError`` listing the valid ones."""
    groups = groups_of(lc)
    for g in groups:
        if name.strip().casefold() in {g.value, GROUP_LABELS_EN[g].casefold(), group_slug(g)}:
            return g
    valid = ", ".join(f"{g.value} ({group_slug(g)})" for g in groups)
    raise ValueError(f"unknown group {name!r} in edition {lc.edition}; valid groups: {valid}")


@dataclass(frozen=True, slots=True)
class _Arc:
    """One target of one rule or silent transition, with all of its sources."""

    sources: tuple[str, ...]
    target: str
    kind: EdgeKind
    item: EdgeItem


def _applies(lc: Lifecycle, variant: str | None) -> bool:
    """The engine's rule: a variant rule applies unless the lifecycle is restricted to other variants."""
    return variant is None or lc.variants is None or variant in lc.variants


def _arcs(lc: Lifecycle, lang: Lang) -> list[_Arc]:
    spec = lc.spec
    c = spec.creation
    creation = EdgeItem(c.log_type, c.confidence, None, _log_detail(lc, c.log_type, lang))
    arcs = [_Arc((BEFORE_CREATION,), c.initial, "rule", creation)]
    for r in spec.rules:
        if _applies(lc, r.variant):
            observed = _observed(r.evidence)
            if observed is None:
                item = EdgeItem(r.log_type, r.confidence, r.variant, _log_detail(lc, r.log_type, lang))
                arcs += [_Arc(r.sources, t, "rule", item) for t in r.targets]
            else:
                evidence, count = observed
                item = EdgeItem(r.log_type, r.confidence, r.variant, evidence, observed=True, count=count)
                arcs += [_Arc(r.sources, t, "observed", item) for t in r.targets]
    silent = _t("silent", lang)
    for s in spec.silent:
        if _applies(lc, s.variant):
            item = EdgeItem(silent, s.confidence, s.variant, s.trigger)
            arcs += [_Arc(s.sources, t, "silent", item) for t in s.targets]
    for e in spec.side:
        if (observed := _observed(e.evidence)) is not None:
            evidence, count = observed
            item = EdgeItem(e.log_type, e.confidence, None, evidence, observed=True, count=count)
            arcs += [_Arc((state,), state, "observed", item) for state in e.states]
    return arcs


def _observed(evidence: tuple[Evidence, ...]) -> tuple[str, int | None] | None:
    """(evidence text, count) of an entry only real histories back; ``None`` for any other entry."""
    if not evidence or any(e.kind is not EvidenceKind.OBSERVED for e in evidence):
        return None
    text = "; ".join(e.text for e in evidence)
    counts = [int(m.group(1)) for e in evidence if (m := _OBSERVED_TIMES.search(e.text))]
    return text, sum(counts) if counts else None


def _log_detail(lc: Lifecycle, log_type: str, lang: Lang) -> str:
    info = lc.log_type_info(log_type)
    if info is None:
        return log_type
    return info.label_zh if lang == "zh" else info.label_en


def _title(lc: Lifecycle, key: str, lang: Lang, **kw: object) -> str:
    title = _t(key, lang, e=lc.edition, **kw)
    if lc.spec.overlays:
        title += _t("overlays", lang, o=", ".join(lc.spec.overlays))
    return title


def _side_counts(lc: Lifecycle) -> dict[str, int]:
    side: dict[str, set[str]] = defaultdict(set)
    for event in lc.spec.side:
        if _observed(event.evidence) is not None:
            continue  # drawn as an observed self-loop
        for s in event.states:
            side[s].add(event.log_type)
    return {s: len(logs) for s, logs in side.items()}


def _legend(lang: Lang, keys: Iterable[str]) -> tuple[tuple[str, str], ...]:
    return tuple((k, _LEGEND[k][lang]) for k in keys)


# -- full and group views


class _StateView:
    """Collects nodes and merged edges for the full view (scope = every state) or one group."""

    def __init__(self, lc: Lifecycle, lang: Lang, scope: frozenset[str]) -> None:
        self.lc = lc
        self.lang = lang
        self.scope = scope
        self.order = {s: i for i, s in enumerate(lc.states, start=1)}
        self.hubs: set[tuple[str, ...]] = set()
        self.edges: dict[tuple[str, str, EdgeKind], set[EdgeItem]] = defaultdict(set)

    def sources_for(self, arc: _Arc) -> tuple[str, ...]:
        """The sources that concern the scope: all of them into the scope, its own out of it."""
        if arc.target in self.scope:
            return arc.sources
        return tuple(s for s in arc.sources if s in self.scope)

    def add(self, arc: _Arc) -> None:
        sources = self.sources_for(arc)
        if len(sources) >= HUB_MIN_SOURCES:
            members = tuple(sorted(sources, key=lambda s: self.order.get(s, 0)))
            self.hubs.add(members)
            sources = (self._hub_key(members),)
        for s in sources:
            self.edges[(s, arc.target, arc.kind)].add(arc.item)

    @staticmethod
    def _hub_key(members: tuple[str, ...]) -> str:
        return "\0hub\0" + "\0".join(members)

    def hub_ids(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Placeholder key -> (hub id, members); numbered biggest first, then by members."""
        ranked = sorted(self.hubs, key=lambda m: (-len(m), [self.order.get(s, 0) for s in m]))
        return {self._hub_key(m): (f"ANY_{i}", m) for i, m in enumerate(ranked, start=1)}


def _state_node(lc: Lifecycle, lang: Lang, state: str, order: int, *, boundary: bool, side: int) -> Node:
    info = lc.state_info(state)
    details = [lc.label(state, "admin", lang)] if info is not None else []
    if info is not None and boundary:
        details.append(f"({group_label(info.group, lang)})")
    if info is not None and info.na_only and not boundary:
        details.append(_t("na", lang))
    return Node(
        id=state,
        label=state,
        details=tuple(details),
        cluster=None if boundary or info is None else cluster_id(info.group),
        order=order,
        final=lc.is_final(state),
        na_only=bool(info and info.na_only),
        boundary=boundary,
        side_events=0 if boundary else side,
    )


def _hub_node(lc: Lifecycle, lang: Lang, hub_id: str, members: tuple[str, ...], order: int) -> Node:
    """A hub's text: the groups it covers entirely, then its other states one by one."""
    mset = set(members)
    lines: list[str] = []
    rest = set(members)
    for g in groups_of(lc):
        states = lc.spec.groups[g.value]
        if len(states) > 1 and set(states) <= mset:
            lines.append(_t("all_of", lang, g=group_label(g, lang), n=len(states)))
            rest -= set(states)
    lines += [s for s in members if s in rest]
    return Node(hub_id, _t("any", lang, n=len(members)), "hub", tuple(lines), order=order, members=members)


def _state_diagram(lc: Lifecycle, lang: Lang, group: ConsoleGroup | None) -> Diagram:
    scope = frozenset(lc.states if group is None else lc.spec.groups[group.value])
    view = _StateView(lc, lang, scope)
    for arc in _arcs(lc, lang):
        view.add(arc)
    hubs = view.hub_ids()
    side = _side_counts(lc)
    endpoints = {s for s, _, _ in view.edges} | {t for _, t, _ in view.edges}
    states = [s for s in lc.states if s in scope or s in endpoints]
    nodes = [_state_node(lc, lang, s, view.order[s], boundary=s not in scope, side=side.get(s, 0)) for s in states]
    if BEFORE_CREATION in endpoints:
        nodes.append(Node(BEFORE_CREATION, BEFORE_CREATION, "initial", order=0))
    hub_order = len(lc.states) + 1
    nodes += [_hub_node(lc, lang, hid, members, hub_order + i) for i, (hid, members) in enumerate(hubs.values())]
    rename = {key: hid for key, (hid, _) in hubs.items()}
    edges = [Edge(rename.get(s, s), t, kind, tuple(items)) for (s, t, kind), items in view.edges.items()]
    used = {n.cluster for n in nodes}
    clusters = [
        Cluster(cluster_id(g), group_label(g, lang), i) for i, g in enumerate(groups_of(lc)) if cluster_id(g) in used
    ]
    keys = ["documented", "implied", "assumed", "silent", "merged", "variant", "side", "na"]
    keys += ["observed"] if any(kind == "observed" for _, _, kind in view.edges) else []
    keys += ["hub"] if hubs else []
    keys += ["boundary"] if group is not None else []
    # A small group fans out to many neighbours, which stack better down the page than across it.
    direction: Direction = "LR" if len(scope) <= SMALL_GROUP else "TB"
    title = _title(lc, "full", lang) if group is None else _title(lc, "group", lang, g=group_label(group, lang))
    return Diagram(title, "full", lang, tuple(nodes), tuple(edges), tuple(clusters), _legend(lang, keys), direction)


# -- user view


def _user_diagram(lc: Lifecycle, lang: Lang) -> Diagram:
    groups = groups_of(lc)
    of = {s: cluster_id(ConsoleGroup(g)) for g, members in lc.spec.groups.items() for s in members}
    of[BEFORE_CREATION] = BEFORE_CREATION
    crossing: dict[tuple[str, str, EdgeKind], set[EdgeItem]] = defaultdict(set)
    for arc in _arcs(lc, lang):
        for s in arc.sources:
            a, b = of[s], of[arc.target]
            if a != b:
                crossing[(a, b, arc.kind)].add(arc.item)
    nodes = [Node(BEFORE_CREATION, BEFORE_CREATION, "initial", order=0)]
    for i, g in enumerate(groups, start=1):
        members = lc.spec.groups[g.value]
        infos = [lc.state_info(s) for s in members]
        na = all(x is not None and x.na_only for x in infos)
        nodes.append(
            Node(
                id=cluster_id(g),
                label=group_label(g, lang),
                kind="group",
                details=(_t("na", lang),) if na else (),
                order=i,
                final=any(lc.is_final(s) for s in members),
                na_only=na,
                members=tuple(members),
            )
        )
    edges = [
        Edge(a, b, kind, tuple(items), _count(items, lang) if kind == "rule" else None)
        for (a, b, kind), items in crossing.items()
    ]
    keys = ["documented", "implied", "assumed", "silent", "merged", "na"]
    keys += ["observed"] if any(kind == "observed" for _, _, kind in crossing) else []
    legend = _legend(lang, keys)
    return Diagram(_title(lc, "user", lang), "user", lang, tuple(nodes), tuple(edges), (), legend, "TB")


def _count(items: Iterable[EdgeItem], lang: Lang) -> str:
    n = len({i.text for i in items})
    return _t("one_log", lang) if n == 1 else _t("logs", lang, n=n)


def build_diagram(lc: Lifecycle, *, view: View = "full", group: str | None = None, lang: Lang = "zh") -> Diagram:
    """The diagram IR of ``lc``: ``view="full"`` (optionally one console ``group``) or ``view="user"``.

    ``group`` is a console group's name (``算法训练中``), English name or slug
    (``algorithm-training-ongoing``); an unknown one raises ``ValueError`` listing the valid groups.
    """
    if view == "user":
        if group is not None:
            raise ValueError("--group applies to the full view only (the user view shows every group)")
        return _user_diagram(lc, lang)
    if view != "full":
        raise ValueError(f"unknown view {view!r}; valid views: full, user")
    return _state_diagram(lc, lang, None if group is None else resolve_group(lc, group))
