"""A JSON array of jobs read element by element (issue 15, item 4): the same verdicts as the whole file
read at once, in memory that does not grow with the array."""

from __future__ import annotations

import gc
import io
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from lifecycle.batch import inputs, json_array
from lifecycle.batch.inputs import records
from lifecycle.batch.json_array import documents, elements
from lifecycle.payload.jsontext import NotJson, loads
from lifecycle.validation.validator import validate
from tests.conftest import DATA, ROOT

JOBS = [json.loads(p.read_bytes()) for p in sorted((DATA / "scenarios").glob("valid--*.json"))[:6]]
JOBS += [json.loads(p.read_bytes()) for p in sorted((DATA / "scenarios").glob("invalid--*.json"))[:6]]
JOBS.append(json.loads((ROOT / "examples" / "seed_job.json").read_bytes()))
# Strings that a scanner could mistake for structure: brackets, commas, quotes, backslashes, escapes.
TRICKY = st.text(st.sampled_from([*'[]{},:"\\/ aZ09', "\u00e9", "\u2028", "\n", "\x00", "\ud800"]), max_size=12)


@st.composite
def job_arrays(draw: st.DrawFn) -> tuple[bytes, list[Any]]:
    """(an array of jobs as written, the jobs): strings with brackets and quotes, any formatting."""
    jobs = []
    for _ in range(draw(st.integers(0, 6))):
        job = dict(draw(st.sampled_from(JOBS)))
        for key in draw(st.lists(st.sampled_from(["job_id", "name", "state", "x]", "{y"]), max_size=3)):
            job[key] = draw(TRICKY | st.lists(TRICKY, max_size=2) | st.integers() | st.none())
        jobs.append(job | {"nested": draw(st.recursive(TRICKY, lambda x: st.lists(x, max_size=2), max_leaves=4))})
    indent = draw(st.sampled_from([None, 0, 2, "\t"]))
    separators = draw(st.sampled_from([(",", ":"), (", ", ": "), (" ,\r\n ", " : "), ("\t,", ":\n")]))
    text = json.dumps(jobs, indent=indent, separators=separators, ensure_ascii=draw(st.booleans()))
    return text.encode("utf-8", "surrogatepass"), jobs


def _whole_file(path: Path) -> list[tuple[str, str]]:
    """The verdicts of the array read whole, each element re-encoded: how a JSON array was read before."""
    doc = loads(path.read_bytes())
    assert isinstance(doc, list)
    texts = [json.dumps(item, ensure_ascii=False) for item in doc]
    return [(f"{path}[{i}]", _verdict(text, f"{path}[{i}]")) for i, text in enumerate(texts)]


def _verdict(text: str | bytes, source: str) -> str:
    return validate(text, source=source).to_json()


def _streamed(path: Path) -> list[tuple[str, str]]:
    return [(r.source, _verdict(r.text, r.source)) for r in records([str(path)])]


CHUNKS = st.integers(1, 64)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(array=job_arrays(), chunk=CHUNKS)
def test_an_array_read_element_by_element_gives_the_verdicts_of_the_whole_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, array: tuple[bytes, list[Any]], chunk: int
) -> None:
    text, jobs = array
    monkeypatch.setattr(json_array, "CHUNK_BYTES", chunk)  # elements and strings cut at every place
    path = tmp_path / "jobs.json"
    path.write_bytes(text)
    got = [json.loads(t) for t, _ in elements(io.BytesIO(text))]
    assert got == jobs  # each element's bytes, exactly
    assert _streamed(path) == _whole_file(path)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(array=job_arrays(), data=st.data())
def test_a_broken_array_keeps_every_element_before_the_break_and_reports_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, array: tuple[bytes, list[Any]], data: st.DataObject
) -> None:
    text, _ = array
    monkeypatch.setattr(json_array, "CHUNK_BYTES", data.draw(CHUNKS))
    path = tmp_path / "jobs.json"
    path.write_bytes(text)
    expected = _whole_file(path)
    ends = [end for _, end in elements(io.BytesIO(text))]
    cut = data.draw(st.integers(1, len(text) - 1))  # the closing "]" is lost, at least
    # What follows the cut: nothing, a string or a word that never ends, a stray comma or bracket; "} {" may
    # close an element the cut left open (it is then what the input holds: a shorter object, then junk).
    tail = data.draw(st.sampled_from([b"", b'"', b",", b" x", b"]", b"} {"]))
    assume(isinstance(loads(text[:cut] + tail), NotJson))  # "[" and "]" is an array, not a broken one
    path.write_bytes(text[:cut] + tail)
    kept = sum(end <= cut for end in ends)
    got = _streamed(path)
    assert got[:kept] == expected[:kept]
    assert len(got) > kept
    assert [source for source, _ in got] == [f"{path}[{i}]" for i in range(len(got))]
    after = [json.loads(verdict)["diagnostics"][:1] for _, verdict in got[kept:]]
    codes = [diagnostics[0]["code"] if diagnostics else None for diagnostics in after]
    assert codes[-1] == "invalid-json"
    if b"}" not in tail:
        assert set(codes) == {"invalid-json"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"[]", []),
        (
            b'\xef\xbb\xbf [ 1 ,"a,]\\"[" , {"x":[1,{"y":"]"}]}, [ ] ]',  # a byte order mark, brackets in strings
            [b"1", b'"a,]\\"["', b'{"x":[1,{"y":"]"}]}', b"[ ]"],
        ),
        (b'[{"a" 1}, {"b":2}]', [b'{"a" 1}', b'{"b":2}']),  # a broken element: the next one is read
        (b'[{"a":1} {"b":2}]', [b'{"a":1}', b'}{"b":2}]']),  # no comma: the rest, from the last "}"
        (b"[1,]", [b"1", b",]"]),
        (b"[1, 2", [b"1", b",2"]),  # "2" alone would decode
        (b"[", [b"["]),
        (b'[{"a":1}]  junk', [b'{"a":1}', b"]junk"]),
        (b"[" * 1000, [b"[" * 1000]),
    ],
)
def test_elements_and_breaks(text: bytes, expected: list[bytes]) -> None:
    for chunk in (1, 3, 1 << 20):
        assert [t for t, _ in elements(io.BytesIO(text), chunk)] == expected


@st.composite
def concatenated(draw: st.DrawFn) -> tuple[bytes, list[Any], list[int]]:
    """(jobs written one after another as ``jq '.[]'`` does, the jobs, the line each starts on): any white space
    between them, strings with brackets and quotes."""
    _, jobs = draw(job_arrays())
    assume(jobs)
    indent = draw(st.sampled_from([2, "\t"]))  # pretty-printed, as jq writes (`jq -c` output is JSONL)
    out, lines = b"", []
    for job in jobs:
        out += draw(st.sampled_from([b"", b"\n", b" \r\n\n", b"\t"])) if out else b""
        lines.append(out.count(b"\n") + 1)
        out += json.dumps(job, indent=indent, ensure_ascii=draw(st.booleans())).encode("utf-8", "surrogatepass")
    return out + draw(st.sampled_from([b"", b"\n"])), jobs, lines


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(docs=concatenated(), chunk=CHUNKS)
def test_documents_one_after_another_are_each_a_job_named_by_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, docs: tuple[bytes, list[Any], list[int]], chunk: int
) -> None:
    """`jq '.[]' jobs.json | lifecycle validate -` (and the same saved as a .json file): each document is a job
    with the verdict it gets alone, named by the line it starts on, as a JSONL line is; one document alone
    keeps the input's name."""
    text, jobs, lines = docs
    monkeypatch.setattr(json_array, "CHUNK_BYTES", chunk)
    found = list(documents(io.BytesIO(text), chunk))
    assert [json.loads(t) for t, _, _ in found] == jobs
    assert [line for _, line, _ in found] == lines
    path = tmp_path / "jobs.json"
    path.write_bytes(text)
    from_file = _streamed(path)
    from_stdin = [(r.source, _verdict(r.text, r.source)) for r in records(["-"], io.BytesIO(text))]
    alone = [_verdict(json.dumps(job, ensure_ascii=False), "") for job in jobs]
    for name, got in ((str(path), from_file), ("<stdin>", from_stdin)):
        names = [name] if len(jobs) == 1 else [f"{name}:{line}" for line in lines]
        assert [source for source, _ in got] == names
        assert [json.loads(v) | {"source": ""} for _, v in got] == [json.loads(v) for v in alone]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (b"", []),
        (b" \n\t", []),
        (b'\xef\xbb\xbf{"a":"}{"}\n\n[1]', [(b'{"a":"}{"}', 1), (b"[1]", 3)]),
        (b'{"a" 1}\n{"b":2}', [(b'{"a" 1}', 1), (b'{"b":2}', 2)]),  # a broken document: the next one is read
        (b"{}\n, {}", [(b"{}", 1), (b", {}", 2)]),  # not a document: the rest, whole
        (b'{}\n{"a":\n1', [(b"{}", 1), (b'{"a":\n1', 2)]),  # one that never closes: the rest, whole
        (b"{} 3 {}", [(b"{}", 1), (b"3 {}", 1)]),
        # a broken document: up to the next line holding only "{" or "[", where the documents are read again
        (
            b'{\n  "a": 1\n}\n{\n  "b": [1,\n{\n  "c": "}"\n}\n[\n  2\n]\n',
            [(b'{\n  "a": 1\n}', 1), (b'{\n  "b": [1,', 4), (b'{\n  "c": "}"\n}', 6), (b"[\n  2\n]", 9)],
        ),
        (b'{"x":1}\n}\n{\n}', [(b'{"x":1}', 1), (b"}", 2), (b"{\n}", 3)]),
        (b'{\n"a": [\n{\n"b": 1\n}\n', [(b'{\n"a": [', 1), (b'{\n"b": 1\n}', 3)]),  # indent=0: a guess, kept
        (b'{\n"a": [\n{\n"b": 1\n}\n]\n}\n{}', [(b'{\n"a": [\n{\n"b": 1\n}\n]\n}', 1), (b"{}", 8)]),  # indent=0 whole
        # `cat` of files that each start with a byte order mark
        (b'\xef\xbb\xbf{\n "a": 1\n}\n\xef\xbb\xbf{\n "b": 2\n}\n', [(b'{\n "a": 1\n}', 1), (b'{\n "b": 2\n}', 4)]),
        (b'{\n "a": [\n\xef\xbb\xbf{\n "b": 2\n}\n', [(b'{\n "a": [', 1), (b'{\n "b": 2\n}', 3)]),
        # a lost quote: the scanner reads a string to the next quote; what follows is kept, in the next item
        (b'{\n "a": "x\n}\n{\n "b": "}"\n}\n', [(b'{\n "a": "x\n}', 1), (b'{\n "b": "}"\n}', 4)]),
    ],
)
def test_documents_and_breaks(text: bytes, expected: list[tuple[bytes, int]]) -> None:
    ends, start = [], 0
    for piece, _ in expected:
        start = text.index(piece, start) + len(piece)
        ends.append(start)
    for chunk in (1, 3, 1 << 20):
        found = list(documents(io.BytesIO(text), chunk))
        assert [(t, line) for t, line, _ in found] == expected
        assert [end for _, _, end in found] == ends


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_stdin_holding_an_array_is_read_as_the_file_would_be(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str
) -> None:
    monkeypatch.setattr(json_array, "CHUNK_BYTES", 7)  # reads shorter than a line of a decoded stream
    text = json.dumps([*JOBS[:2], {"job_id": "x" * 20_000}], indent=2).encode(encoding)
    path = tmp_path / "jobs.json"
    path.write_bytes(text)
    piped = [(r.source.replace("<stdin>", str(path)), r.text) for r in records(["-"], io.BytesIO(text))]
    assert piped == [(r.source, r.text) for r in records([str(path)])]


def _peak(path: Path) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        for _ in records([str(path)]):
            pass
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_compact_array_on_stdin_is_streamed_too(monkeypatch: pytest.MonkeyPatch) -> None:
    """One line holding the whole array (`jq -c | lifecycle validate -`): only its head is read as a line,
    the rest is streamed like a file's array, within a few chunks and blocks."""
    chunk, block = 1 << 15, 16
    monkeypatch.setattr(json_array, "CHUNK_BYTES", chunk)
    monkeypatch.setattr(inputs, "BLOCK_RECORDS", block)
    job = json.dumps(JOBS[-1]).encode()
    data = b"[" + b",".join([job] * 2000) + b"]\n"
    gc.collect()
    tracemalloc.start()
    try:
        count = sum(1 for _ in records(["-"], io.BytesIO(data)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 2000
    assert peak < 4 * (chunk + block * len(job) + inputs._HEAD_BYTES)


def test_memory_does_not_grow_with_the_array(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Peak memory while reading 2 000 jobs is that of 500 (the whole file read at once is 4 times
    more), and stays within a few chunks and blocks, whatever the array's size."""
    chunk, block = 1 << 15, 16
    monkeypatch.setattr(json_array, "CHUNK_BYTES", chunk)
    monkeypatch.setattr(inputs, "BLOCK_RECORDS", block)
    job = json.dumps(JOBS[-1]).encode()
    peaks, sizes = [], []
    for count in (500, 2000):
        path = tmp_path / f"{count}.json"
        path.write_bytes(b"[\n" + b",\n".join([job] * count) + b"\n]\n")
        sizes.append(path.stat().st_size)
        peaks.append(_peak(path))
    assert peaks[1] < 1.5 * peaks[0]
    assert peaks[1] < sizes[1] / 4
    assert peaks[1] < 4 * (chunk + block * len(job))


def test_broken_documents_cost_what_whole_ones_do(monkeypatch: pytest.MonkeyPatch) -> None:
    """A document laid out as jq lays it out and still open where the next starts is cut there: the buffer holds
    one document and a chunk, however many documents are broken and wherever (before: each broken one was
    scanned, and held, to the end of the input, 101 s for 8000 of them)."""
    sizes: list[int] = []
    more = json_array._Buffer.more

    def recording(self: Any, keep: int) -> int:
        sizes.append(len(self.data) - keep)
        return more(self, keep)

    monkeypatch.setattr(json_array._Buffer, "more", recording)
    whole = b'{\n  "job_id": "x",\n  "operation_logs": []\n}\n'
    broken = b'{\n  "job_id": "x",\n  "operation_logs": [\n'
    data = broken + (whole + broken) * 2000
    found = list(documents(io.BytesIO(data), chunk=64))
    assert len(found) == 4001
    assert [json.loads(text)["job_id"] for text, _, _ in found[1::2]] == ["x"] * 2000
    assert max(sizes) <= 4 * (len(whole) + 64 + 256)
