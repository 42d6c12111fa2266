"""The spec's alternative readings are drawn: every transition a reading adds is a dashed arrow named
after the reading (or comes from a stub whose note lists its sources), every log it accepts without a
move is in the view's note. Expected values come from :attr:`Lifecycle.alternatives`, never a count."""

from __future__ import annotations

import re

import pytest

from lifecycle import compile_edition
from lifecycle.diagrams import build_diagram, diagram_files, diagram_views, to_dot, to_mermaid
from lifecycle.diagrams.model import Diagram, edge_lines
from lifecycle.engine import Lifecycle
from lifecycle.spec.vocabulary import Lang
from tests.conftest import EDITIONS

Move = tuple[str, str, str, str]
"""(reading, source, what moves: a log type or ``(silent)``, target)."""


def added_moves(lc: Lifecycle) -> set[Move]:
    """Every move an alternative reading adds to ``lc``: the entries its lifecycle has that the spec's own
    reading has not (their origin names the reading: ``overlay:alternative:NAME``)."""
    out: set[Move] = set()
    for alternative, reading in lc.alternatives:
        for r in reading.spec.rules:
            if r.origin == f"overlay:alternative:{alternative.name}":
                out |= {(alternative.name, s, r.log_type, t) for s in r.sources for t in r.targets}
        for m in reading.spec.silent:
            if m.origin == f"overlay:alternative:{alternative.name}":
                out |= {(alternative.name, s, "(silent)", t) for s in m.sources for t in m.targets}
    return out


def added_side(lc: Lifecycle) -> set[tuple[str, str, frozenset[str]]]:
    return {
        (alternative.name, e.log_type, frozenset(e.states))
        for alternative, reading in lc.alternatives
        for e in reading.spec.side
        if e.origin == f"overlay:alternative:{alternative.name}"
    }


def drawn_moves(d: Diagram) -> set[Move]:
    """The alternative moves a diagram draws: dashed arrows, a stub standing for its listed sources."""
    out: set[Move] = set()
    for e in d.edges:
        if e.kind != "alternative":
            continue
        source = d.node(e.source)
        sources = source.members if source.kind == "rerun" else (e.source,)
        out |= {(i.reading, s, i.text, e.target) for i in e.items for s in sources}
    return out


def alternative_note(d: Diagram) -> str:
    return "\n".join(line for n in d.notes if n.key == "alternative" for line in n.lines)


def test_the_shipped_editions_have_readings_to_draw() -> None:
    """Guards the tests below against passing on nothing."""
    for edition in EDITIONS:
        lc = compile_edition(edition)
        assert lc.alternatives
        assert added_moves(lc)
        assert added_side(lc)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_full_view_draws_every_move_of_every_reading(edition: str, lang: Lang) -> None:
    lc = compile_edition(edition)
    d = build_diagram(lc, lang=lang)
    silent = "(静默)" if lang == "zh" else "(silent)"
    expected = {(r, s, silent if what == "(silent)" else what, t) for r, s, what, t in added_moves(lc)}
    assert drawn_moves(d) == expected
    # Alternative arrows are their own kind: none merges into an arrow of the spec's own reading.
    assert all(i.alternative for e in d.edges if e.kind == "alternative" for i in e.items)
    assert not any(i.alternative for e in d.edges if e.kind != "alternative" for i in e.items)
    assert "alternative" in dict(d.legend)


def test_every_reading_is_named_in_the_full_view_and_its_side_logs_listed(edition: str) -> None:
    lc = compile_edition(edition)
    d = build_diagram(lc, lang="en")
    note = alternative_note(d)
    for alternative, _ in lc.alternatives:
        assert re.search(rf"^{re.escape(alternative.name)} \(", note, re.M), alternative.name
    sections = dict(re.findall(r"^([a-z-]+) \(\w+\):\n((?:(?![a-z-]+ \(\w+\):$).*\n?)*)", note, re.M))
    for reading, log, _ in added_side(lc):
        assert re.search(rf"\b{log}\b", sections[reading]), (reading, log)


def test_each_view_draws_the_moves_that_touch_its_states() -> None:
    """Group and stage views: a reading's move into the view, or out of it, is drawn there."""
    for view in diagram_views():
        if view.view != "full" or (view.group is None and view.stage is None):
            continue
        lc = compile_edition(view.edition)
        d = view.build()
        inside = {n.id for n in d.nodes if n.kind == "state" and not n.boundary}
        silent = "(静默)" if view.lang == "zh" else "(silent)"
        drawn = drawn_moves(d)
        for reading, s, what, t in added_moves(lc):
            label = silent if what == "(silent)" else what
            if t in inside:
                assert (reading, s, label, t) in drawn, (view.path("mmd"), reading, s, t)
            elif s in inside:  # out of the view: an arrow, or the stub's sources listed in the note
                assert (reading, s, label, t) in drawn or s in alternative_note(d), (view.path("mmd"), reading, s)
        for reading, log, states in added_side(lc):
            if states & inside:
                assert reading in alternative_note(d), (view.path("mmd"), reading)
                assert log in alternative_note(d), (view.path("mmd"), log)


def test_generated_text_names_the_reading_on_a_dashed_arrow(edition: str) -> None:
    lc = compile_edition(edition)
    files = diagram_files()
    full = {lang: files[f"diagrams/{edition}/full.{lang}.mmd"] for lang in ("en", "zh")}
    d = build_diagram(lc, lang="en")
    dot = to_dot(d)
    for alternative, _ in lc.alternatives:
        if any(r == alternative.name for r, *_ in added_moves(lc)):
            assert f"(alt · {alternative.name})" in full["en"], alternative.name
            assert f"(备选 · {alternative.name})" in full["zh"], alternative.name
            arrows = [line for line in dot.splitlines() if " -> " in line and f"(alt · {alternative.name})" in line]
            assert arrows
            assert all("style=dashed" in line for line in arrows)
    assert to_mermaid(d) == full["en"]


def test_a_reading_label_is_its_own_line_of_the_arrow() -> None:
    lc = compile_edition("2025-11")
    d = build_diagram(lc, lang="en")
    (stop,) = [e for e in d.edges if e.kind == "alternative" and e.target == "MANUAL_STOP_TRAIN"]
    assert edge_lines(stop, "en") == ["ADMIN_STOP_TRAIN (alt · stop-while-waiting)"]
