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
    Cluster,
    Diagram,
    Edge,
    EdgeItem,
    GraphvizNotFound,
    Node,
    add_arguments,
    build_diagram,
    diagram_files,
    diagram_views,
    group_slug,
    groups_of,
    run,
    svg_files,
    to_dot,
    to_mermaid,
    to_svg,
)
from lifecycle.diagrams.build import HUB_MIN_SOURCES
from lifecycle.diagrams.mermaid import safe_ids
from lifecycle.diagrams.model import edge_lines, node_lines, wrap
from lifecycle.engine import BEFORE_CREATION, Lifecycle
from lifecycle.errors import LifecycleError
from lifecycle.spec.model import Confidence
from lifecycle.spec.vocabulary import GROUP_LABELS_EN, ConsoleGroup, Lang
from tests.conftest import EDITIONS, ROOT

D, IMP, A = Confidence.DOCUMENTED, Confidence.IMPLIED, Confidence.ASSUMED


# -- a small IR, built by hand


def small() -> Diagram:
    nodes = (
        Node(BEFORE_CREATION, BEFORE_CREATION, "initial", order=0),
        Node("A", "A", details=('Label "q": a;b <x> {y} #1 50%',), cluster="G1", order=1, side_events=3),
        Node("B", "B", cluster="G1", order=2, na_only=True),
        Node("C", "C", details=("other",), order=3, final=True, boundary=True),
    )
    edges = (
        Edge(BEFORE_CREATION, "A", "rule", (EdgeItem("CREATE", IMP),)),
        Edge("A", "B", "rule", (EdgeItem("LOG_B", IMP), EdgeItem("LOG_A", D))),
        Edge("B", "C", "rule", (EdgeItem("GUESS", A, "flexus"),)),
        Edge("B", "A", "silent", (EdgeItem("(silent)", A, detail='trigger "x"'),)),
    )
    legend = (("documented", "documented: a source"), ("silent", "silent: no log"))
    return Diagram('Small: "test"', "full", "en", nodes, edges, (Cluster("G1", 'Group "one"'),), legend)


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
    classDef boundary fill:#f2f2f2,stroke:#999999,stroke-dasharray:4 3,color:#555555
    classDef legend fill:#ffffff,stroke:#bbbbbb,color:#444444
    classDef na fill:#fff4e0
    state "Group #quot;one#quot;" as G1 {
        state "A<br/>Label #quot;q#quot;#58; a#59;b #lt;x#gt; #123;y#125; #35;1 50#37;<br/>+3 side events" as A
        state "B" as B
    }
    state "C<br/>other" as C
    state "(doc) documented#58; a source<br/>silent#58; no log" as legend
    [*] --> A : CREATE
    A --> B : LOG_A (doc)<br/>LOG_B
    B --> A : (silent) (?)
    B --> C : GUESS [flexus] (?)
    C --> [*]
    class C boundary
    class legend legend
    class B na
"""


def test_mermaid_of_a_small_diagram() -> None:
    assert to_mermaid(small()) == SMALL_MERMAID


def test_renderers_are_deterministic_and_ignore_input_order() -> None:
    d = small()
    for render in (to_mermaid, to_dot):
        assert render(d) == render(d)
        assert render(shuffled(d)) == render(d)


def test_mermaid_escapes_what_its_grammar_uses() -> None:
    text = to_mermaid(small())
    declared = re.findall(r'^\s*state "([^"]*)" as', text, re.M)
    assert len(declared) == 5  # the cluster, A, B, C, the legend: no label broke out of its quotes
    transitions = [line.split(" : ", 1)[1] for line in text.splitlines() if " : " in line]
    for label in declared + transitions:
        bare = re.sub(r"#\w+;", "", label.replace("<br/>", ""))
        assert not set(bare) & set(':;{}<>"#%'), label


def test_dot_of_a_small_diagram() -> None:
    text = to_dot(small())
    assert text.startswith("digraph lifecycle {\n")
    assert text.endswith("}\n")
    assert 'subgraph "cluster_G1" {' in text
    assert 'label="Group \\"one\\""' in text
    assert '"A" [label="A\\nLabel \\"q\\": a;b <x> {y} #1 50%\\n+3 side events"];' in text
    lines = {line.split(" [")[0].strip(): line for line in text.splitlines() if " -> " in line}
    assert "style=dotted" in lines['"B" -> "A"']
    assert "arrowhead=empty" in lines['"B" -> "A"']
    assert 'tooltip="trigger \\"x\\""' in lines['"B" -> "A"']
    assert "style=dashed" in lines['"B" -> "C"']  # assumed
    assert "style=solid" in lines['"A" -> "B"']  # weakest of documented + implied
    assert 'label="LOG_A (doc)\\nLOG_B"' in lines['"A" -> "B"']
    assert "peripheries=2" in text.split('"C" [', 1)[1].split("\n", 1)[0]  # final


def test_dot_quotes_backslashes() -> None:
    d = dataclasses.replace(small(), title="a\\b")
    assert 'label="a\\\\b"' in to_dot(d)


def test_a_merged_edge_is_as_sure_as_its_weakest_log() -> None:
    e = Edge("A", "B", "rule", (EdgeItem("X", D), EdgeItem("Y", A), EdgeItem("Z", IMP)))
    assert e.confidence is A
    assert edge_lines(e) == ["X (doc)", "Y (?)", "Z"]
    assert edge_lines(dataclasses.replace(e, summary="3 log types")) == ["3 log types (?)"]


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
    ids = safe_ids(["<new>", "end", "TRAINING", "a-b", "a_b", "9x", "legend"])
    assert ids["TRAINING"] == "TRAINING"
    assert ids["end"] == "n_end"
    assert ids["a_b"] == "a_b"
    assert ids["a-b"] == "a_b_2"
    assert all(re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", v) for v in ids.values())
    assert len(set(ids.values())) == len(ids)
    assert "legend" not in ids.values()


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
    """Optional: set LIFECYCLE_MERMAID_DIR to a directory where `npm install mermaid jsdom` was run."""
    where = os.environ.get("LIFECYCLE_MERMAID_DIR")
    node = shutil.which("node")
    if not where or not node or not (Path(where) / "node_modules" / "mermaid").is_dir():
        pytest.skip("mermaid's parser is not available (set LIFECYCLE_MERMAID_DIR, needs node, mermaid, jsdom)")
    texts = {**mermaid_files(), "small": to_mermaid(small())}
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
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


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


def silent_pairs(lc: Lifecycle) -> set[tuple[str, str]]:
    return {(s, t) for s in lc.states for t in lc.silent_targets(s)}


def sources_of(d: Diagram, endpoint: str) -> tuple[str, ...]:
    node = d.node(endpoint)
    return node.members if node.kind == "hub" else (endpoint,)


def test_full_view_draws_every_state_and_every_rule(edition: str) -> None:
    lc = lifecycle_of(edition)
    d = build_diagram(lc, lang="en")
    mermaid = to_mermaid(d)
    assert {n.id for n in d.nodes if n.kind == "state"} == set(lc.states)
    for s in lc.states:
        assert re.search(rf'state "{s}(<br/>[^"]*)?" as {s}$', mermaid, re.M), s
    labels = "\n".join(line for e in d.edges for line in edge_lines(e))
    for r in lc.spec.rules:
        assert r.log_type in labels
        assert re.search(rf" : (.*<br/>)?{r.log_type}\b", mermaid), r.log_type
    # Exactly the rules: every drawn (source, log, target) is a rule, and every rule is drawn.
    drawn = {
        (s, i.text, e.target) for e in d.edges if e.kind == "rule" for s in sources_of(d, e.source) for i in e.items
    }
    assert drawn == rule_triples(lc)
    drawn_silent = {(s, e.target) for e in d.edges if e.kind == "silent" for s in sources_of(d, e.source)}
    assert drawn_silent == silent_pairs(lc)


def test_full_view_merges_parallel_edges_and_summarises_side_events(edition: str) -> None:
    lc = lifecycle_of(edition)
    d = build_diagram(lc, lang="en")
    keys = [(e.source, e.target, e.kind) for e in d.edges]
    assert len(keys) == len(set(keys))
    assert any(len({i.text for i in e.items}) > 1 for e in d.edges)
    for n in d.nodes:
        if n.kind == "state":
            side = {ev.log_type for ev in lc.spec.side if n.id in ev.states}
            assert n.side_events == len(side)
            assert (f"+{len(side)} side event" in "\n".join(node_lines(d, n))) == bool(side)
    for e in d.edges:  # a self-loop is a rule that really leads back, never a side event
        if e.source == e.target:
            assert all(e.source in lc.moves(e.source, i.text) for i in e.items)


def test_silent_edges_are_drawn_distinctly(edition: str) -> None:
    d = build_diagram(lifecycle_of(edition), lang="en")
    dot = to_dot(d)
    edge_lines_dot = [line for line in dot.splitlines() if " -> " in line and "legend:" not in line]
    silent = [line for line in edge_lines_dot if "(silent)" in line]
    assert len(silent) == sum(e.kind == "silent" for e in d.edges) > 0
    assert all("style=dotted" in line for line in silent)
    assert not any("style=dotted" in line for line in edge_lines_dot if "(silent)" not in line)
    mermaid = to_mermaid(d)
    assert mermaid.count(": (silent)") == sum(e.kind == "silent" for e in d.edges)


def test_confidence_is_visible(edition: str) -> None:
    lc = lifecycle_of(edition)
    d = build_diagram(lc, lang="en")
    dot = to_dot(d)
    assert "style=bold" in dot
    assert "style=dashed" in dot
    assumed = {r.log_type for r in lc.spec.rules if r.confidence is A and r.variant is None}
    text = to_mermaid(d)
    for log in assumed:
        assert f"{log} (?)" in text


def test_hubs_stand_for_rules_with_many_sources() -> None:
    lc = lifecycle_of("2025-11")
    d = build_diagram(lc, lang="en")
    hubs = [n for n in d.nodes if n.kind == "hub"]
    assert hubs
    assert all(len(h.members) >= HUB_MIN_SOURCES for h in hubs)
    hub = hubs[0]
    assert hub.label == f"any of {len(hub.members)} states"
    assert "all of Algorithm training ongoing (48)" in hub.details
    assert {i.text for e in d.edges if e.source == hub.id for i in e.items} >= {"ADMIN_RESET", "REDO_TRAINING"}
    assert len(d.edges) < 200  # versus ~700 arrows drawn one by one


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_group_view_is_the_group_plus_its_neighbours(edition: str, lang: Lang) -> None:
    lc = lifecycle_of(edition)
    neighbours: dict[str, set[str]] = {s: set() for s in (*lc.states, BEFORE_CREATION)}
    for s, _, t in rule_triples(lc):
        neighbours[s].add(t)
        neighbours[t].add(s)
    for s, t in silent_pairs(lc):
        neighbours[s].add(t)
        neighbours[t].add(s)
    for g in groups_of(lc):
        members = set(lc.spec.groups[g.value])
        d = build_diagram(lc, group=g.value, lang=lang)
        inner = {n.id for n in d.nodes if n.kind == "state" and not n.boundary}
        boundary = {n.id for n in d.nodes if n.boundary}
        hubbed = {m for n in d.nodes if n.kind == "hub" for m in n.members}
        touching = set().union(*(neighbours[s] for s in members)) - members
        assert inner == members, g
        assert all(n.cluster is None for n in d.nodes if n.boundary)
        assert boundary <= touching, g
        assert touching - {BEFORE_CREATION} <= boundary | hubbed, g
        assert [c.label for c in d.clusters] == [g.value if lang == "zh" else GROUP_LABELS_EN[g]]
        for e in d.edges:  # every edge touches the group
            assert e.target in members or set(sources_of(d, e.source)) & members, (g, e)


def test_group_by_slug_or_english_name() -> None:
    lc = lifecycle_of("2025-11")
    by_zh = build_diagram(lc, group="算法训练中")
    assert build_diagram(lc, group="algorithm-training-ongoing") == by_zh
    assert build_diagram(lc, group="Algorithm training ongoing") == by_zh


def test_unknown_group_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="unknown group") as err:
        build_diagram(lifecycle_of("2025-11"), group="训练中")
    message = str(err.value)
    assert "\n" not in message
    assert all(g.value in message for g in ConsoleGroup)
    with pytest.raises(ValueError, match="full view"):
        build_diagram(lifecycle_of("2025-11"), view="user", group="挂起")


def test_user_view_is_one_node_per_group_and_the_crossings(edition: str) -> None:
    lc = lifecycle_of(edition)
    d = build_diagram(lc, view="user", lang="en")
    groups = {n.id: set(n.members) for n in d.nodes if n.kind == "group"}
    assert len(groups) == len(groups_of(lc))
    assert len(d.nodes) == len(groups) + 1
    of = {s: g for g, members in groups.items() for s in members} | {BEFORE_CREATION: BEFORE_CREATION}
    rules = {(of[s], of[t]) for s, _, t in rule_triples(lc) if of[s] != of[t]}
    silent = {(of[s], of[t]) for s, t in silent_pairs(lc) if of[s] != of[t]}
    assert {(e.source, e.target) for e in d.edges if e.kind == "rule"} == rules
    assert {(e.source, e.target) for e in d.edges if e.kind == "silent"} == silent
    assert all(e.summary and re.fullmatch(r"\d+ log types?", e.summary) for e in d.edges if e.kind == "rule")
    assert "TRAINING" not in to_mermaid(d).replace("G_algorithm_training", "")  # admin detail collapsed
    assert to_mermaid(d).count("[*] -->") == 1


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
    args = parse("-o", "out.mmd")
    assert args.output == Path("out.mmd")
    with pytest.raises(ValueError, match="valid groups"):
        run(lc, parse("--group", "nope"))
    with pytest.raises(SystemExit):
        parse("--format", "png")


def test_svg_without_graphviz_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("lifecycle.diagrams.dot.shutil.which", lambda _: None)
    with pytest.raises(GraphvizNotFound, match="graphviz") as err:
        to_svg(small())
    assert isinstance(err.value, LifecycleError)
    with pytest.raises(GraphvizNotFound):
        run(lifecycle_of("2025-11"), parse("--format", "svg"))


needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is not installed")


@needs_dot
def test_svg_of_a_small_diagram() -> None:
    root = ET.fromstring(to_svg(small()))
    titles = {t.text for t in root.iter("{http://www.w3.org/2000/svg}title")}
    assert {"A", "B", "C", BEFORE_CREATION} <= titles


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
            for g in groups_of(lc):
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


@pytest.mark.skipif(not COMMITTED_SVGS, reason="no SVG diagrams are committed")
def test_committed_svgs_are_complete() -> None:
    views = {v.path("svg"): v for v in diagram_views()}
    committed = {p.relative_to(ROOT).as_posix() for p in COMMITTED_SVGS}
    assert committed == set(views), "run `python -m lifecycle.diagrams` and commit the result"
    for rel in sorted(committed):
        root = ET.parse(ROOT / rel).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg", rel
        titles = {t.text for t in root.iter("{http://www.w3.org/2000/svg}title")}
        expected = {n.id for n in views[rel].build().nodes if n.kind in ("state", "hub")}
        expected |= {n.id for n in views[rel].build().nodes if n.kind == "group"}
        assert expected <= titles, (rel, sorted(expected - titles))


@needs_dot
def test_svg_files_match_the_views() -> None:
    files = svg_files()
    assert set(files) == {v.path("svg") for v in diagram_views()}
    ET.fromstring(files["diagrams/2025-11/user.zh.svg"])
