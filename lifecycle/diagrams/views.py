"""The views a user asks for, by name: all states, a group, a stage, a state's neighbourhood, the user view.

Each is built by :mod:`~lifecycle.diagrams.build` (state views) or :mod:`~lifecycle.diagrams.user`
(one box per console group); this module only resolves the names a user types.
"""

from __future__ import annotations

from lifecycle.diagrams.build import (
    Scope,
    neighbourhood,
    resolve_group,
    resolve_state,
    state_diagram,
    title,
)
from lifecycle.diagrams.model import Diagram
from lifecycle.diagrams.stages import STAGED_GROUP, resolve_stage
from lifecycle.diagrams.user import user_diagram
from lifecycle.engine.compiled import Lifecycle
from lifecycle.spec.vocabulary import Lang, group_label


def build_diagram(
    lc: Lifecycle,
    *,
    view: str = "full",
    group: str | None = None,
    lang: Lang = "zh",
    stage: str | None = None,
    highlight: str | None = None,
) -> Diagram:
    """The diagram IR of ``lc``: ``view="full"`` (optionally one console ``group`` or one ``stage``
    of 算法训练中), ``view="user"`` or ``view="overview"`` (the user view with 算法训练中 by stage);
    ``highlight`` marks one state (its box in the user view and the overview).

    ``group`` is a console group's name (``算法训练中``), English name or slug
    (``algorithm-training-ongoing``); ``stage`` a slug (``training``); an unknown group, stage or
    state raises ``ValueError`` listing the valid ones.
    """
    mark = None if highlight is None else resolve_state(lc, highlight)
    if view in ("user", "overview"):
        if group is not None or stage is not None:
            raise ValueError(f"--group and --stage apply to the full view only (the {view} view shows every group)")
        return user_diagram(lc, lang, mark, view="overview" if view == "overview" else "user")
    if view != "full":
        raise ValueError(f"unknown view {view!r}; valid views: full, user, overview")
    if stage is not None:
        st = resolve_stage(lc, stage)
        heading = title(lc, "stage", lang, g=group_label(STAGED_GROUP, lang), s=st.label(lang))
        return state_diagram(lc, lang, Scope(frozenset(st.states), highlight=mark), heading)
    if group is not None:
        g = resolve_group(lc, group)
        heading = title(lc, "group", lang, g=group_label(g, lang))
        return state_diagram(lc, lang, Scope(frozenset(lc.spec.groups[g.value]), highlight=mark), heading)
    return state_diagram(lc, lang, Scope(frozenset(lc.states), highlight=mark), title(lc, "full", lang))


def around_diagram(lc: Lifecycle, state: str, *, depth: int = 1, lang: Lang = "zh") -> Diagram:
    """The states at most ``depth`` steps before or after ``state``, which is highlighted: what a job
    there can do next and how it got there. ``ValueError`` for an unknown state or a depth below 1."""
    if depth < 1:
        raise ValueError(f"--depth must be at least 1, not {depth}")
    state = resolve_state(lc, state)
    scope = Scope(neighbourhood(lc, state, depth), neighbours=False, highlight=state)
    return state_diagram(lc, lang, scope, title(lc, "around", lang, s=state, n=depth))
