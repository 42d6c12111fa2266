"""State diagrams: renderers on hand-built IRs, the views against the compiled lifecycle, committed files."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from lifecycle import compile_edition
from lifecycle.diagrams import (
    RERUN_MIN_SOURCES,
    Cluster,
    Diagram,
    Edge,
    EdgeItem,
    GraphvizNotFound,
    Node,
    Note,
    add_arguments,
    around_diagram,
    build_diagram,
    diagram_files,
    diagram_views,
    group_slug,
    groups_of,
    run,
    stages_of,
    svg_files,
    to_dot,
    to_mermaid,
    to_svg,
)
from lifecycle.diagrams.__main__ import main as svg_main
from lifecycle.diagrams.arcs import ALT_STUB_MIN_SOURCES
from lifecycle.diagrams.mermaid import CLASSES, safe_ids
from lifecycle.diagrams.model import edge_lines, legend_of, node_lines, wrap
from lifecycle.diagrams.stages import STAGED_GROUP
from lifecycle.engine import BEFORE_CREATION, Lifecycle
from lifecycle.errors import LifecycleError
from lifecycle.spec.model import Confidence
from lifecycle.spec.vocabulary import ConsoleGroup, Lang
from tests.conftest import EDITIONS, ROOT

D, IMP, A = Confidence.DOCUMENTED, Confidence.IMPLIED, Confidence.ASSUMED


# -- a small IR, built by hand


def small() -> Diagram:
    nodes = (
        Node(BEFORE_CREATION, BEFORE_CREATION, "initial", order=0),
        Node("A", "A", details=('Label "q": a;b <x> {y} #1 50%',), cluster="G1", order=1, usual=True),
        Node("B", "B", cluster="G1", order=2, na_only=True),
        Node("C", "C", details=("other",), order=3, final=True, boundary=True),
    )
    edges = (
        Edge(BEFORE_CREATION, "A", "rule", (EdgeItem("CREATE", IMP),), usual=True),
        Edge("A", "B", "rule", (EdgeItem("LOG_B", IMP), EdgeItem("LOG_A", D))),
        Edge("B", "C", "rule", (EdgeItem("GUESS", A, "flexus"),)),
        Edge("B", "A", "silent", (EdgeItem("(silent)", A, detail='trigger "x"'),)),
    )
    d = Diagram('Small: "test"', "full", "en", nodes, edges, (Cluster("G1", 'Group "one"'),))
    return dataclasses.replace(d, legend=legend_of(d), notes=(Note("side", "Side events", ("X_LOG in 1 of these",)),))


def shuffled(d: Diagram) -> Diagram:
    """The same diagram with every tuple in another order."""
    edges = tuple(dataclasses.replace(e, items=e.items[::-1]) for e in d.edges[::-1])
    return dataclasses.replace(d, nodes=d.nodes[::-1], edges=edges, clusters=d.clusters[::-1])


SMALL_MERMAID = """\
---
title: "Small: \\"test\\""
---
stateDiagram-v2
    direction LR
    %% Generated from the lifecycle spec; edit the spec, not this file.
    classDef usual fill:#e8f0fe,stroke:#1f4e9e,stroke-width:3px,color:#111111
    classDef na fill:#fff4e0,stroke:#b7791f,color:#1a1a1a
    classDef boundary fill:#f2f2f2,stroke:#999999,stroke-dasharray:4 3,color:#444444
    classDef legend fill:#ffffff,stroke:#bbbbbb,color:#333333
    state "Group #quot;one#quot;" as G1 {
        state "A<br/>Label #quot;q#quot;#58; a#59;b #lt;x#gt; #123;y#125; #35;1 50#37;" as A
        state "B" as B
    }
    state "C<br/>other" as C
    state "{LEGEND}" as legend
    [*] --> A : CREATE
    A --> B : LOG_A (doc)<br/>LOG_B
    B --> A : (silent) (?)
    B --> C : GUESS [flexus] (?)
    C --> [*]
    class A usual
    class B na
    class C boundary
    class legend legend
""".replace(
    "{LEGEND}",
    "<br/>".join(
        [
            "Legend",
            "(doc) documented#58; a source states it",
            "no mark = implied#58; follows from names, labels or an example",
            "(?) assumed#58; a modelling choice",
            "(silent) the state moves, no log records it",
            "an arrow is drawn as its best-backed log",
            "bold#58; the usual path of a job",
            "[flexus] / [na]#58; only jobs of that kind",
            "NA only#58; NA-whitelist jobs only",
            "double border, arrow to the end dot#58; final, can never change",
            "grey dashed box#58; a state of another part",
            "———",
            "Side events",
            "X_LOG in 1 of these",
        ]
    ),
)


def test_mermaid_of_a_small_diagram() -> None:
    assert to_mermaid(small()) == SMALL_MERMAID


def test_renderers_are_deterministic_and_ignore_input_order() -> None:
    d = small()
    other = shuffled(d)
    assert (other.nodes, other.edges) != (d.nodes, d.edges)  # the input order really differs
    assert to_mermaid(other) == SMALL_MERMAID
    assert to_dot(other) == to_dot(small())


def test_mermaid_escapes_what_its_grammar_uses() -> None:
    text = to_mermaid(small())
    declared = re.findall(r'^\s*state "([^"]*)" as', text, re.M)
    assert len(declared) == 5  # the cluster, A, B, C, the legend with the note: no label broke out of its quotes
    transitions = [line.split(" : ", 1)[1] for line in text.splitlines() if " : " in line]
    for label in declared + transitions:
        bare = re.sub(r"#\w+;", "", label.replace("<br/>", ""))
        assert not set(bare) & set(':;{}<>"#%'), label


def dot_edges(text: str) -> dict[str, str]:
    return {line.split(" [")[0].strip(): line for line in text.splitlines() if " -> " in line and "legend:" not in line}


def test_dot_of_a_small_diagram() -> None:
    text = to_dot(small())
    assert text.startswith("digraph lifecycle {\n")
    assert text.endswith("}\n")
    assert 'subgraph "cluster_G1" {' in text
    assert 'label="Group \\"one\\""' in text
    assert '"A" [label="A\\nLabel \\"q\\": a;b <x> {y} #1 50%", penwidth=2];' in text
    lines = dot_edges(text)
    assert "style=dotted" in lines['"B" -> "A"']
    assert "arrowhead=empty" in lines['"B" -> "A"']
    assert 'tooltip="trigger \\"x\\""' in lines['"B" -> "A"']
    assert "style=dashed" in lines['"B" -> "C"']  # assumed
    assert "style=solid" in lines['"A" -> "B"']  # the best of documented + implied
    assert "penwidth=3" in lines['"<new>" -> "A"']  # usual
    assert "penwidth=3" not in lines['"A" -> "B"']
    assert 'label="LOG_A (doc)\\nLOG_B"' in lines['"A" -> "B"']
    assert "peripheries=2" in text.split('"C" [', 1)[1].split("\n", 1)[0]  # final
    assert "peripheries=2" not in text.split('"B" [', 1)[1].split("\n", 1)[0]
    legend = text.split('"legend:" [', 1)[1].split("\n", 1)[0]
    assert "Side events" in legend
    assert "X_LOG in 1 of these" in legend
    assert 'COLOR="#8a8a8a"' in legend  # the assumed sample


def test_dot_quotes_backslashes() -> None:
    d = dataclasses.replace(small(), title="a\\b")
    assert 'label="a\\\\b"' in to_dot(d)


def test_an_arrow_is_drawn_as_its_best_backed_log_and_each_log_keeps_its_mark() -> None:
    e = Edge("A", "B", "rule", (EdgeItem("X", D), EdgeItem("Y", A), EdgeItem("Z", IMP)))
    assert e.style == "documented"
    assert edge_lines(e) == ["X (doc)", "Y (?)", "Z"]
    assert edge_lines(e, "zh") == ["X (文档)", "Y (?)", "Z"]
    assert Edge("A", "B", "rule", (EdgeItem("Y", A), EdgeItem("Z", IMP))).style == "implied"
    alt = EdgeItem("W", D, alternative=True)
    assert alt.mark == "alternative"
    assert Edge("A", "B", "rule", (alt,)).style == "alternative"
    assert edge_lines(Edge("A", "B", "rule", (alt, EdgeItem("Y", A)))) == ["W (alt)", "Y (?)"]
    assert "dashed" in to_dot(dataclasses.replace(small(), edges=(Edge("A", "B", "rule", (alt,)),)))


def test_renderers_reject_dangling_edges_and_duplicates() -> None:
    d = small()
    dangling = dataclasses.replace(d, edges=(*d.edges, Edge("A", "NOPE", "rule", (EdgeItem("X", IMP),))))
    duplicate = dataclasses.replace(d, nodes=(*d.nodes, Node("A", "A")))
    lost = dataclasses.replace(d, nodes=(*d.nodes, Node("E", "E", cluster="G9")))
    for bad in (dangling, duplicate, lost):
        for render in (to_mermaid, to_dot):
            with pytest.raises(ValueError, match=r"unknown|duplicate"):
                render(bad)


def test_mermaid_ids_are_safe_and_stable() -> None:
    ids = safe_ids(["<new>", "end", "TRAINING", "a-b", "a_b", "9x", "legend", "legend_1"])
    assert ids["TRAINING"] == "TRAINING"
    assert ids["end"] == "n_end"
    assert ids["a_b"] == "a_b"
    assert ids["a-b"] == "a_b_2"
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", v) for v in ids.values())
    assert len(set(ids.values())) == len(ids)
    assert not any(v.startswith("legend") for v in ids.values())


def test_wrap_counts_cjk_as_two_columns() -> None:
    assert wrap("训练" * 30, 20) == ["训练训练训练训练训练"] * 6
    assert wrap("aaa bbb ccc", 8) == ["aaa bbb", "ccc"]
    assert wrap("short") == ["short"]


# -- the mermaid grammar of every generated file

_LABEL = r'[^"\n]*'
_ID = r"[A-Za-z][A-Za-z0-9_]*"
GRAMMAR = [
    re.compile(p)
    for p in (
        r"---",
        r'title: "(?:[^"\\]|\\.)*"',
        r"stateDiagram-v2",
        r"    direction (?:LR|TB)",
        r"    %% .*",
        r"    classDef [a-z]+ [a-z-]+:[^\s;,]+(?: [^\s;,]+)*(?:,[a-z-]+:[^\s;,]+(?: [^\s;,]+)*)*",
        rf'    state "{_LABEL}" as {_ID} \{{',
        r"    \}",
        rf'(?:    ){{1,2}}state "{_LABEL}" as {_ID}',
        rf"    (?:{_ID}|\[\*\]) --> {_ID} : [^:;\n]+",
        rf"    {_ID} --> \[\*\]",
        rf"    class {_ID}(?:,{_ID})* [a-z]+",
    )
]


def mermaid_files() -> dict[str, str]:
    return {p: c for p, c in diagram_files().items() if p.endswith(".mmd")}


def test_every_generated_mermaid_line_is_in_the_grammar() -> None:
    files = mermaid_files()
    assert len(files) >= 40
    for path, text in files.items():
        for n, line in enumerate(text.splitlines(), start=1):
            assert any(g.fullmatch(line) for g in GRAMMAR), f"{path}:{n}: {line}"
        assert text.count(" {\n") == text.count("\n    }\n"), path


_PARSE = """
import { JSDOM } from 'jsdom';
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });
const texts = JSON.parse(await new Promise((ok) => { let s = ''; process.stdin.on('data', (c) => s += c);
  process.stdin.on('end', () => ok(s)); }));
const bad = [];
for (const [path, text] of Object.entries(texts)) {
  try {
    const r = await mermaid.parse(text);
    if (r.diagramType !== 'stateDiagram') bad.push(path + ': ' + r.diagramType);
  }
  catch (e) { bad.push(path + ': ' + String(e.message || e).split('\\n').slice(0, 3).join(' | ')); }
}
console.log(JSON.stringify(bad));
"""


def test_mermaid_itself_parses_every_generated_file() -> None:
    """Set LIFECYCLE_MERMAID_DIR to a directory where `npm install mermaid jsdom` was run (.ci/run does, pinned);
    skipped without it, except in CI (``CI`` set), where a missing parser is a failure."""
    where = os.environ.get("LIFECYCLE_MERMAID_DIR")
    node = shutil.which("node")
    if not where or not node or not (Path(where) / "node_modules" / "mermaid").is_dir():
        if os.environ.get("CI"):
            pytest.fail("CI must run mermaid's parser: .ci/run installs it and sets LIFECYCLE_MERMAID_DIR")
        pytest.skip("mermaid's parser is not available (set LIFECYCLE_MERMAID_DIR, needs node, mermaid, jsdom)")
    # One broken text shows the parser really runs (a harness that swallowed every text would pass otherwise).
    broken = "stateDiagram-v2\n    A --> : : -->\n"
    texts = {**mermaid_files(), "small": to_mermaid(small()), "broken": broken}
    done = subprocess.run(
        [node, "--input-type=module", "-e", _PARSE],
        input=json.dumps(texts),
        cwd=where,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    bad = json.loads(done.stdout.strip().splitlines()[-1])
    assert [b for b in bad if not b.startswith("broken: ")] == []
    assert len(bad) == 1, "mermaid accepted a broken diagram: the parser did not run"


def test_grammar_rejects_an_unescaped_colon() -> None:
    """The grammar test rejects what mermaid would: an unescaped colon in a transition label."""
    line = "    A --> B : x: y"
    assert not any(g.fullmatch(line) for g in GRAMMAR)


# -- views of the shipped editions


def lifecycle_of(edition: str) -> Lifecycle:
    return compile_edition(edition)


def rule_triples(lc: Lifecycle) -> set[tuple[str, str, str]]:
    """(source, log type, target) of every rule, creation included."""
    c = lc.spec.creation
    out = {(BEFORE_CREATION, c.log_type, c.initial)}
    out |= {(s, r.log_type, t) for r in lc.spec.rules for s in r.sources for t in r.targets}
    return out


def rerun_logs(lc: Lifecycle) -> set[str]:
    return {r.log_type for r in lc.spec.rules if len(r.sources) >= RERUN_MIN_SOURCES}


def silent_pairs(lc: Lifecycle) -> set[tuple[str, str]]:
    return {(s, t) for s in lc.states for t in lc.silent_targets(s)}


def alternative_pairs(lc: Lifecycle) -> set[tuple[str, str]]:
    """(source, target) of the alternative readings' transitions drawn as plain arrows (not from a stub)."""
    out = set()
    for _, reading in lc.alternatives:
        for entry in (*reading.spec.rules, *reading.spec.silent):
            if entry.origin.startswith("overlay:alternative:") and len(entry.sources) < ALT_STUB_MIN_SOURCES:
                out |= {(s, t) for s in entry.sources for t in entry.targets}
    return out


def sources_of(d: Diagram, endpoint: str) -> tuple[str, ...]:
    node = d.node(endpoint)
    return node.members if node.kind == "rerun" else (endpoint,)


def every_view() -> list[tuple[Lifecycle, Diagram]]:
    """Every committed view, plus two neighbourhoods and a highlighted view."""
    out = [(lifecycle_of(v.edition), v.build()) for v in diagram_views()]
    lc = lifecycle_of("2025-11")
    out += [(lc, around_diagram(lc, "TRAINING", depth=2, lang="en")), (lc, around_diagram(lc, "JOB_SUCCESS"))]
    out.append((lc, build_diagram(lc, stage="training", highlight="TRAIN_FAILED", lang="en")))
    return out


VIEWS = every_view()


def labels_of(d: Diagram) -> set[str]:
    return {i.text for e in d.edges for i in e.items}


def test_every_log_type_of_a_view_is_an_edge_label() -> None:
    """A state view labels every rule that starts or ends in its states; the user view every rule
    that crosses groups; re-runs into a view's states are labelled on their stub's arrow."""
    for lc, d in VIEWS:
        inner = {n.id for n in d.nodes if n.kind == "state" and not n.boundary}
        if d.view in ("user", "overview"):
            of = {s: n.id for n in d.nodes if n.kind == "group" for s in n.members}
            of[BEFORE_CREATION] = BEFORE_CREATION
            expected = {log for s, log, t in rule_triples(lc) if of[s] != of[t]}
            if d.view == "user":  # re-runs are listed in its note, so that it fits 800 px
                (note,) = [n for n in d.notes if n.key == "rerun"]
                assert all(re.search(rf"\b{log}\b", " ".join(note.lines)) for log in rerun_logs(lc))
                expected -= rerun_logs(lc)
        elif any(n.boundary for n in d.nodes) or len(inner) == len(lc.states):
            expected = {
                log for s, log, t in rule_triples(lc) if t in inner or (s in inner and log not in rerun_logs(lc))
            }
        else:  # a neighbourhood: the rules between its states
            inside = inner | {BEFORE_CREATION}
            expected = {log for s, log, t in rule_triples(lc) if t in inner and (s in inside or log in rerun_logs(lc))}
        assert expected or all(e.kind == "silent" for e in d.edges if d.node(e.source).kind != "rerun"), d.title
        assert expected <= labels_of(d), (d.title, sorted(expected - labels_of(d)))
        mermaid = to_mermaid(d)
        for log in expected:
            assert re.search(rf" : (.*<br/>)?{log}\b", mermaid), (d.title, log)


def test_full_view_draws_every_state_and_exactly_the_rules(edition: str) -> None:
    lc = lifecycle_of(edition)
    d = build_diagram(lc, lang="en")
    assert {n.id for n in d.nodes if n.kind == "state"} == set(lc.states)
    mermaid = to_mermaid(d)
    for s in lc.states:
        assert re.search(rf'state "{s}(<br/>[^"]*)?" as {s}$', mermaid, re.M), s
    drawn = {
        (s, i.text, e.target) for e in d.edges if e.kind == "rule" for s in sources_of(d, e.source) for i in e.items
    }
    assert drawn == rule_triples(lc)
    drawn_silent = {(s, e.target) for e in d.edges if e.kind == "silent" for s in sources_of(d, e.source)}
    assert drawn_silent == silent_pairs(lc)


def test_parallel_edges_merge_and_re_runs_come_from_short_stubs(edition: str) -> None:
    lc = lifecycle_of(edition)
    d = build_diagram(lc, lang="en")
    keys = [(e.source, e.target, e.kind) for e in d.edges]
    assert len(keys) == len(set(keys))
    assert any(len({i.text for i in e.items}) > 1 for e in d.edges)
    stubs = {n.id: n for n in d.nodes if n.kind == "rerun"}
    assert stubs
    for e in d.edges:
        if e.source in stubs:  # one arrow per stub, into the state it stands next to
            assert stubs[e.source].cluster == d.node(e.target).cluster
            if e.kind == "alternative":  # a reading's many-source transition (tests/test_diagram_readings.py)
                assert all(i.alternative and i.reading for i in e.items)
            else:
                assert {i.text for i in e.items} <= rerun_logs(lc)
        else:
            assert not {i.text for i in e.items} & rerun_logs(lc)
    assert sum(e.source in stubs for e in d.edges) == len(stubs)
    (note,) = [n for n in d.notes if n.key == "rerun"]
    for log in rerun_logs(lc):
        assert len(re.findall(rf"\b{log}\b", "\n".join(note.lines))) == 1


def test_side_events_are_listed_once_per_view_never_on_nodes() -> None:
    for lc, d in VIEWS:
        side = {ev.log_type for ev in lc.spec.side}
        for n in d.nodes:
            assert not any(log in line for line in node_lines(n) for log in side), (d.title, n.id)
        # The alternative readings' note names again the logs a reading also accepts elsewhere.
        notes = "\n".join(line for note in d.notes if note.key != "alternative" for line in note.lines)
        if d.view == "full" and len(d.nodes) > 60:
            for log in side:
                assert len(re.findall(rf"\b{log}\b", notes)) == 1, (d.title, log)


def test_no_final_style_on_a_state_the_spec_does_not_call_final() -> None:
    for lc, d in VIEWS:
        for n in d.nodes:
            if n.kind == "state":
                assert n.final == lc.is_final(n.id), (d.title, n.id)
            elif n.kind == "group":
                assert n.final == all(lc.is_final(s) for s in n.members), (d.title, n.id)
            else:
                assert not n.final
        finals = {n.id for n in d.nodes if n.final}
        assert set(re.findall(r"^    (\w+) --> \[\*\]$", to_mermaid(d), re.M)) == finals
        dot = to_dot(d)
        assert set(re.findall(r'^\s+"([^"]+)" \[.*peripheries=2', dot, re.M)) == finals
    full = build_diagram(lifecycle_of("2025-11"), lang="en")
    assert full.node("JOB_FINISH").final
    assert not full.node("JOB_SUCCESS").final
    user = build_diagram(lifecycle_of("2025-11"), view="user", lang="en")
    assert not user.node("G_completed").final  # JOB_SUCCESS is in it, and may be left


STYLE_WITNESS = {
    "documented": lambda d: any(i.mark == "documented" for e in d.edges for i in e.items),
    "implied": lambda d: any(i.mark == "implied" for e in d.edges for i in e.items),
    "assumed": lambda d: any(i.mark == "assumed" for e in d.edges for i in e.items),
    "alternative": lambda d: any(i.alternative for e in d.edges for i in e.items),
    "observed": lambda d: any(e.kind == "observed" for e in d.edges),
    "silent": lambda d: any(e.kind == "silent" for e in d.edges),
    "mixed": lambda d: any(len({i.mark for i in e.items}) > 1 for e in d.edges),
    "usual": lambda d: any(e.usual for e in d.edges),
    "variant": lambda d: any(i.variant for e in d.edges for i in e.items),
    "na": lambda d: any(n.na_only and not n.boundary and not n.highlight for n in d.nodes),
    "final": lambda d: any(n.final for n in d.nodes),
    "rerun": lambda d: any(n.kind == "rerun" for n in d.nodes),
    "boundary": lambda d: any(n.boundary and not n.highlight for n in d.nodes),
    "highlight": lambda d: any(n.highlight for n in d.nodes),
}


def test_the_legend_lists_exactly_the_styles_used() -> None:
    for _, d in [*VIEWS, (None, small())]:
        assert {k for k, _ in d.legend} == {k for k, seen in STYLE_WITNESS.items() if seen(d)}, d.title
    drawn = {  # what the SVG shows, read back from the DOT text: the legend must explain exactly these
        "na": 'fillcolor="#fff4e0"',
        "boundary": 'fillcolor="#f2f2f2"',
        "highlight": 'fillcolor="#fff3a0"',
        "rerun": 'fillcolor="#eef3ff"',
        "final": "peripheries=2",
        "silent": "style=dotted",
        "usual": "penwidth=3",
    }
    for _, d in VIEWS:
        graph = to_dot(d).split('"legend:" [', 1)[0]
        keys = {k for k, _ in d.legend}
        assert {k for k, attr in drawn.items() if attr in graph} == keys & set(drawn), d.title
    only_implied = Diagram(
        "t", "full", "en", (Node("A", "A"), Node("B", "B")), (Edge("A", "B", "rule", (EdgeItem("L", IMP),)),)
    )
    assert [k for k, _ in legend_of(only_implied)] == ["implied"]


def test_chinese_views_are_chinese_throughout() -> None:
    english = re.compile(r"\b(documented|implied|assumed|silent|observed|legend|any of|side events?|states?)\b", re.I)
    for _, d in VIEWS:
        if d.lang == "zh":
            texts = [d.title, *(t for _, t in d.legend), *(n.title for n in d.notes)]
            texts += [line for note in d.notes for line in note.lines]
            texts += [line for e in d.edges for line in edge_lines(e, "zh")]
            texts += [line for n in d.nodes if n.kind in ("group", "rerun") for line in node_lines(n)]
            for line in texts:
                assert not english.search(line), (d.title, line)
    zh = build_diagram(lifecycle_of("2025-11"), view="user", lang="zh")
    na = dict(zh.legend)["na"]
    assert all(na.startswith(line) for n in zh.nodes if n.na_only for line in n.details)


def test_every_mermaid_style_sets_a_text_colour() -> None:
    assert all("color:" in css.replace("stroke-", "") for css in CLASSES.values())
    for path, text in mermaid_files().items():
        for line in text.splitlines():
            if line.strip().startswith("classDef "):
                assert re.search(r"(^|[ ,])color:#[0-9a-f]{6}", line.split(" ", 6)[-1]), (path, line)


def _luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_every_mermaid_class_reads_in_light_and_dark_themes() -> None:
    """A class sets its own fill and text colour, so the theme does not matter; WCAG AA needs 4.5:1."""
    for name, css in CLASSES.items():
        props = dict(p.split(":", 1) for p in css.split(","))
        assert {"fill", "color"} <= set(props), name
        light, dark = sorted((_luminance(props["fill"]), _luminance(props["color"])), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, name
    assert _luminance("#ffffff") == 1.0


def test_the_usual_path_is_bold_and_reads_as_solid() -> None:
    lc = lifecycle_of("2025-11")
    user = build_diagram(lc, view="user", lang="en")
    review = next(
        e for e in user.edges if (e.source, e.target) == ("G_under_system_review", "G_algorithm_training_ongoing")
    )
    assert review.usual
    assert review.style == "implied"  # ADMIN_VERIFY_SUCCESS, although the Flexus rule on it is assumed
    path = [(e.source, e.target) for e in user.edges if e.usual and e.kind == "rule"]
    assert ("G_algorithm_training_ongoing", "G_completed") in path
    full = build_diagram(lc, lang="en")
    usual = {(e.source, e.target) for e in full.edges if e.usual}
    assert {("MANUAL_VERIFYING", "MANUAL_VERIFY_SUCCESS"), ("TRAINING", "TRAIN_SUCCESS")} <= usual
    assert ("WAIT_USER_CONFIRM", "JOB_FINISH") in usual  # the NA job's end
    assert ("AUTO_VERIFYING", "MANUAL_VERIFY_SUCCESS") in usual  # the Flexus job's own review
    for e in full.edges:
        if e.usual:
            kinds = {lc.state_info(s).kind.value for s in (e.source, e.target) if lc.state_info(s)}
            assert not kinds & {"failed", "stopped", "suspended"}, e


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_group_view_is_the_group_plus_its_neighbours(edition: str, lang: Lang) -> None:
    lc = lifecycle_of(edition)
    neighbours: dict[str, set[str]] = {s: set() for s in (*lc.states, BEFORE_CREATION)}
    for s, log, t in rule_triples(lc):
        if log not in rerun_logs(lc):
            neighbours[s].add(t)
            neighbours[t].add(s)
    for s, t in silent_pairs(lc) | alternative_pairs(lc):
        neighbours[s].add(t)
        neighbours[t].add(s)
    for g in groups_of(lc):
        members = set(lc.spec.groups[g.value])
        d = build_diagram(lc, group=g.value, lang=lang)
        inner = {n.id for n in d.nodes if n.kind == "state" and not n.boundary}
        boundary = {n.id for n in d.nodes if n.boundary}
        touching = set().union(*(neighbours[s] for s in members)) - members - {BEFORE_CREATION}
        assert inner == members, g
        assert all(n.cluster is None for n in d.nodes if n.boundary)
        assert boundary == touching, g
        for e in d.edges:  # every edge touches the group
            assert e.target in members or set(sources_of(d, e.source)) & members, (g, e)


def test_stages_split_the_training_group(edition: str) -> None:
    lc = lifecycle_of(edition)
    stages = stages_of(lc)
    staged = [s for st in stages for s in st.states]
    assert sorted(staged) == sorted(lc.spec.groups[STAGED_GROUP.value])  # a partition: each state once
    if edition == "2025-11":
        assert [st.slug for st in stages] == ["preprocessing", "training", "inference", "choreography", "compile"]
    for st in stages:
        d = build_diagram(lc, stage=st.slug, lang="en")
        assert {n.id for n in d.nodes if n.kind == "state" and not n.boundary} == set(st.states)
        assert len(d.nodes) < 40


def test_group_by_slug_or_english_name() -> None:
    lc = lifecycle_of("2025-11")
    by_zh = build_diagram(lc, group="算法训练中")
    assert build_diagram(lc, group="algorithm-training-ongoing") == by_zh
    assert build_diagram(lc, group="Algorithm training ongoing") == by_zh
    assert build_diagram(lc, stage="训练") == build_diagram(lc, stage="training")


def test_unknown_names_list_the_valid_ones() -> None:
    lc = lifecycle_of("2025-11")
    with pytest.raises(ValueError, match="unknown group") as err:
        build_diagram(lc, group="训练中")
    message = str(err.value)
    assert "\n" not in message
    assert all(g.value in message for g in ConsoleGroup)
    with pytest.raises(ValueError, match="full view"):
        build_diagram(lc, view="user", group="挂起")
    with pytest.raises(ValueError, match="valid stages: preprocessing, training"):
        build_diagram(lc, stage="nope")
    with pytest.raises(ValueError, match="did you mean TRAINING"):
        around_diagram(lc, "TRAINNG")
    with pytest.raises(ValueError, match="at least 1"):
        around_diagram(lc, "TRAINING", depth=0)


def test_around_shows_what_comes_next_and_what_came_before() -> None:
    lc = lifecycle_of("2025-11")
    d = around_diagram(lc, "TRAINING", depth=1, lang="en")
    states = {n.id for n in d.nodes if n.kind == "state"}
    reruns = rerun_logs(lc)
    before = {s for s, log, t in rule_triples(lc) if t == "TRAINING" and log not in reruns}
    after = {t for s, log, t in rule_triples(lc) if s == "TRAINING" and log not in reruns}
    before |= {s for s, t in silent_pairs(lc) if t == "TRAINING"}
    after |= {t for s, t in silent_pairs(lc) if s == "TRAINING"}
    assert states == {"TRAINING"} | before | after
    assert before
    assert after
    (note,) = [n for n in d.notes if n.key == "rerun"]  # and the re-runs it may also take, listed
    assert any(line.startswith("REDO_TRAINING → ") for line in note.lines)
    assert [n.id for n in d.nodes if n.highlight] == ["TRAINING"]
    assert "highlight" in dict(d.legend)
    deeper = around_diagram(lc, "TRAINING", depth=2, lang="en")
    assert states < {n.id for n in deeper.nodes if n.kind == "state"}
    for e in d.edges:  # only steps between the states shown
        assert d.node(e.source).kind in ("state", "rerun", "initial")


def test_highlight_marks_one_state_or_its_group() -> None:
    lc = lifecycle_of("2025-11")
    d = build_diagram(lc, highlight="TRAINING", lang="en")
    assert [n.id for n in d.nodes if n.highlight] == ["TRAINING"]
    u = build_diagram(lc, view="user", highlight="TRAINING", lang="en")
    assert [n.id for n in u.nodes if n.highlight] == ["G_algorithm_training_ongoing"]
    assert "class TRAINING highlight" in to_mermaid(d)


def test_user_view_is_one_node_per_group_and_the_crossings(edition: str) -> None:
    lc = lifecycle_of(edition)
    d = build_diagram(lc, view="user", lang="en")
    groups = {n.id: set(n.members) for n in d.nodes if n.kind == "group"}
    assert len(groups) == len(groups_of(lc))
    assert len([n for n in d.nodes if n.kind in ("group", "initial")]) == len(groups) + 1
    of = {s: g for g, members in groups.items() for s in members} | {BEFORE_CREATION: BEFORE_CREATION}
    stubs = {n.id for n in d.nodes if n.kind == "rerun"}
    rules = {(of[s], of[t]) for s, log, t in rule_triples(lc) if of[s] != of[t] and log not in rerun_logs(lc)}
    silent = {(of[s], of[t]) for s, t in silent_pairs(lc) if of[s] != of[t]}
    assert {(e.source, e.target) for e in d.edges if e.kind == "rule" and e.source not in stubs} == rules
    assert {(e.source, e.target) for e in d.edges if e.kind == "silent"} == silent
    assert "TRAINING" not in to_mermaid(d).replace("G_algorithm_training", "").replace("REDO_TRAINING", "")
    assert to_mermaid(d).count("[*] -->") == 1


def test_overview_splits_the_training_group_by_stage_and_links_each_box() -> None:
    lc = lifecycle_of("2025-11")
    (view,) = [v for v in diagram_views() if v.stem == "overview" and v.lang == "en" and v.edition == "2025-11"]
    d = view.build()
    parts = [n for n in d.nodes if n.kind == "group"]
    assert sorted(s for n in parts for s in n.members) == sorted(lc.states)  # each state in one box
    assert [n.label.split(" · ")[1] for n in parts if " · " in n.label] == [st.label_en for st in stages_of(lc)]
    files = {v.path("svg").rsplit("/", 1)[1] for v in diagram_views()}
    assert all(n.link in files for n in parts)
    assert 'URL="stage-training.en.svg"' in to_dot(d)


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")
def test_user_view_fits_800_pixels() -> None:
    for lang in ("zh", "en"):
        svg = ET.fromstring(to_svg(build_diagram(lifecycle_of("2025-11"), view="user", lang=lang)))
        width_pt = float(svg.attrib["width"].removesuffix("pt"))
        assert width_pt * 96 / 72 <= 800, (lang, width_pt)


def test_output_does_not_depend_on_hash_seed() -> None:
    code = (
        "from lifecycle import compile_edition; from lifecycle.diagrams import build_diagram, to_dot, to_mermaid;"
        "lc = compile_edition('2025-11');"
        "print(to_mermaid(build_diagram(lc)), to_dot(build_diagram(lc, group='挂起')),"
        " to_dot(build_diagram(lc, view='user')))"
    )
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outs) == 1


# -- the CLI handler


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(list(argv))


def test_cli_handler_renders_each_format() -> None:
    lc = lifecycle_of("2025-11")
    assert run(lc, parse()).startswith("---\ntitle: ")
    assert run(lc, parse("--format", "dot", "--view", "user", "--lang", "en")).startswith("digraph lifecycle {")
    assert "JOB_PENDING" in run(lc, parse("--group", "suspended"))
    assert 'state "TRAINING' in run(lc, parse("--stage", "training"))
    around = run(lc, parse("--around", "COMPILING", "--depth", "1", "--lang", "en"))
    assert "class COMPILING highlight" in around
    assert 'state "TRAINING' not in around
    assert "class G_algorithm_training_ongoing highlight" in run(lc, parse("--view", "user", "--highlight", "TRAINING"))
    args = parse("-o", "out.mmd")
    assert args.output == Path("out.mmd")
    with pytest.raises(ValueError, match="valid groups"):
        run(lc, parse("--group", "nope"))
    with pytest.raises(ValueError, match="does not go with"):
        run(lc, parse("--around", "TRAINING", "--view", "user"))
    with pytest.raises(SystemExit):
        parse("--format", "png")


def test_lifecycle_diagram_command_reports_bad_names(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.conftest import run as cli

    code, out, err = cli(capsys, "diagram", "--around", "NOPE")
    assert (code, out) == (2, "")
    assert "unknown state 'NOPE'" in err
    assert "Traceback" not in err
    code, out, _ = cli(capsys, "diagram", "--around", "JOB_REJECT", "--lang", "en")
    assert code == 0
    assert "class JOB_REJECT highlight" in out


def test_svg_without_graphviz_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("lifecycle.diagrams.dot.shutil.which", lambda _: None)
    with pytest.raises(GraphvizNotFound, match="graphviz") as err:
        to_svg(small())
    assert isinstance(err.value, LifecycleError)
    with pytest.raises(GraphvizNotFound):
        run(lifecycle_of("2025-11"), parse("--format", "svg"))


def test_svg_command_has_help_and_says_when_graphviz_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as done:
        svg_main(["--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert "--out DIR" in out
    assert "fonts-noto-cjk" in out
    assert list(tmp_path.iterdir()) == []  # no folder named --help
    monkeypatch.setattr("lifecycle.diagrams.dot.shutil.which", lambda _: None)
    assert svg_main(["--out", str(tmp_path / "repo")]) == 2
    err = capsys.readouterr().err
    assert "Graphviz" in err
    assert "apt-get install graphviz" in err
    assert "Traceback" not in err
    assert not (tmp_path / "repo").exists()


needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")


@needs_dot
def test_svg_of_a_small_diagram() -> None:
    root = ET.fromstring(to_svg(small()))
    titles = {t.text for t in root.iter("{http://www.w3.org/2000/svg}title")}
    assert {"A", "B", "C", BEFORE_CREATION} <= titles


def test_dot_names_a_cjk_font_fallback_list() -> None:
    dot = to_dot(build_diagram(lifecycle_of("2025-11"), view="user", lang="zh"))
    fonts = re.search(r'fontname="([^"]+)"', dot)
    assert fonts is not None
    names = fonts.group(1).split(",")
    assert names[0] == "Noto Sans CJK SC"
    assert names[-1] == "sans-serif"
    assert len(names) >= 4


def test_diagrams_never_import_the_docs_that_import_them() -> None:
    """Imports flow one way: ``lifecycle.docs`` (generate, sections) imports the diagrams, never the reverse."""
    import ast

    for path in sorted((ROOT / "lifecycle" / "diagrams").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        assert not [m for m in names if m.startswith(("lifecycle.docs", "lifecycle.cli"))], path.name


# -- committed files

DIAGRAMS = ROOT / "diagrams"
COMMITTED_SVGS = sorted(DIAGRAMS.glob("*/*.svg"))


def test_diagram_files_are_the_expected_set() -> None:
    files = diagram_files()
    for edition in EDITIONS:
        lc = lifecycle_of(edition)
        for lang in ("zh", "en"):
            assert f"diagrams/{edition}/full.{lang}.mmd" in files
            assert f"diagrams/{edition}/user.{lang}.mmd" in files
            assert f"diagrams/{edition}/overview.{lang}.mmd" in files
            for g in groups_of(lc):
                if g is STAGED_GROUP:
                    for st in stages_of(lc):
                        assert f"diagrams/{edition}/stage-{st.slug}.{lang}.mmd" in files
                else:
                    assert f"diagrams/{edition}/group-{group_slug(g)}.{lang}.mmd" in files
    assert group_slug(ConsoleGroup.TRAINING) == "algorithm-training-ongoing"
    assert all(re.fullmatch(r"diagrams/[0-9-]+/[a-z-]+\.(zh|en)\.mmd|diagrams/README\.md", p) for p in files)
    readme = files["diagrams/README.md"]
    for path in files:
        if path.endswith(".mmd"):
            rel = path.removeprefix("diagrams/")
            assert f"({rel})" in readme
            assert f"({rel.removesuffix('.mmd')}.svg)" in readme


def test_committed_diagrams_do_not_drift() -> None:
    stale = [
        rel
        for rel, content in diagram_files().items()
        if not (ROOT / rel).exists() or (ROOT / rel).read_text(encoding="utf-8") != content
    ]
    assert stale == [], "run `lifecycle generate` and commit the result"
    committed = {p.relative_to(ROOT).as_posix() for p in DIAGRAMS.glob("*/*.mmd")}
    assert committed == {p for p in diagram_files() if p.endswith(".mmd")}, "remove the diagrams no view makes"


def test_readme_embeds_the_user_view(tmp_path: Path) -> None:
    from lifecycle.docs.generate import drift

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    user = diagram_files()["diagrams/2025-11/user.en.mmd"]
    assert f"<!-- generated: user-diagram -->\n```mermaid\n{user}```\n<!-- end generated: user-diagram -->" in readme
    assert "fonts-noto-cjk" in readme
    stale = readme.replace(user, user.replace("USER_CREATE_JOD", "USER_CREATE_JOB"))
    (tmp_path / "README.md").write_text(stale, encoding="utf-8")
    assert "README.md" in drift(tmp_path)  # lifecycle generate rewrites it


@pytest.mark.skipif(not COMMITTED_SVGS, reason="no SVG diagrams are committed")
def test_committed_svgs_are_complete() -> None:
    views = {v.path("svg"): v for v in diagram_views()}
    committed = {p.relative_to(ROOT).as_posix() for p in COMMITTED_SVGS}
    assert committed == set(views), "run `python -m lifecycle.diagrams` and commit the result"
    for rel in sorted(committed):
        root = ET.parse(ROOT / rel).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg", rel
        shown = svg_texts(root)
        d = views[rel].build()
        for n in d.nodes:
            if n.kind in ("state", "group", "rerun"):
                assert shown.pop(("node", n.id), None) == [node_lines(n)], (rel, n.id)
        expected: dict[tuple[str, str], list[list[str]]] = {}
        for e in d.edges:
            expected.setdefault(("edge", f"{e.source}->{e.target}"), []).append(edge_lines(e, d.lang))
        # What each arrow says is what the IR says: an edited label or a renamed log makes the SVG stale.
        drawn = {k: sorted(v) for k, v in shown.items() if k[0] == "edge" and "legend" not in k[1]}
        assert drawn == {k: sorted(v) for k, v in expected.items()}, rel


SVG = "{http://www.w3.org/2000/svg}"


def svg_texts(root: ET.Element) -> dict[tuple[str, str], list[list[str]]]:
    """What an SVG from Graphviz shows: (node|edge, title) -> the text lines drawn in each node or edge of that
    title (two edges may join the same pair of states)."""
    shown: dict[tuple[str, str], list[list[str]]] = {}
    for g in root.iter(f"{SVG}g"):
        kind = g.get("class")
        title = g.find(f"{SVG}title")
        if kind in ("node", "edge") and title is not None and title.text:
            shown.setdefault((kind, title.text), []).append([t.text or "" for t in g.iter(f"{SVG}text")])
    return shown


@needs_dot
def test_svg_shows_the_node_and_edge_labels_of_the_diagram() -> None:
    d = small()
    shown = svg_texts(ET.fromstring(to_svg(d)))
    for n in d.nodes:
        if n.kind == "state":
            assert shown[("node", n.id)] == [node_lines(n)]
    for e in d.edges:
        assert edge_lines(e, d.lang) in shown[("edge", f"{e.source}->{e.target}")]


@needs_dot
def test_svg_files_match_the_views() -> None:
    files = svg_files()
    assert set(files) == {v.path("svg") for v in diagram_views()}
    ET.fromstring(files["diagrams/2025-11/user.zh.svg"])
