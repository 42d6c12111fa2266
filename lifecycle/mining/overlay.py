"""Suggested overlays: the forbidden steps of a mining report as an overlay file a person reviews.

:func:`suggest_overlay` builds the overlay document (the format :func:`lifecycle.spec.read_overlay`
reads) from the forbidden steps :func:`lifecycle.mining.miner.mine` found; :func:`overlay_toml` and
:func:`write_overlay` write it. A written overlay always loads again (issue 15, item 5): TOML is
written by ``tomli-w`` (it escapes control characters such as DEL, which TOML forbids raw), every
string is first made storable (a lone surrogate, possible in a JSON ``"\\ud800"`` job id, cannot be
encoded as UTF-8: it is written as the text ``\\ud800``), and the file is written under a
temporary name in the same folder, then renamed, so a failed write never leaves a partial file.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

import tomli_w

from lifecycle.engine.compiled import Lifecycle
from lifecycle.payload.redaction import redact_text
from lifecycle.spec.model import Confidence, EvidenceKind

if TYPE_CHECKING:  # annotations only: the miner imports this module for MiningReport's methods
    from lifecycle.mining.results import ForbiddenStep

__all__ = [
    "OVERLAY_NAME",
    "overlay_toml",
    "storable",
    "suggest_overlay",
    "write_overlay",
]

OVERLAY_NAME: Final = "mined"
"""The name of suggested overlays: diagrams and specs list it among their overlays."""

_AMBIGUITY: Final = (
    "mined: after this log the histories continue from several states, or other rules of the log "
    "leave these states; review which of them are real"
)

EntryKind = Literal["rules", "side"]


@dataclass(slots=True)
class _Entry:
    kind: EntryKind
    step: ForbiddenStep
    states: list[str]
    """Rule sources, or the states of a side event."""
    targets: list[str] = field(default_factory=list)


def _plural(n: int, word: str) -> str:
    """``1 job``, ``2 jobs``."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def _evidence(step: ForbiddenStep) -> str:
    # Examples are job ids as sent: redacted like every echoed value, and made storable (a lone
    # surrogate cannot be written as UTF-8 TOML or JSON, issue 15 item 5).
    shown = [storable(redact_text(example)) for example in step.examples]
    examples = f" (examples: {', '.join(shown)})" if shown else ""
    seen = f"observed in {_plural(step.jobs, 'job')}, {_plural(step.count, 'time')}"
    return f"{EvidenceKind.OBSERVED.value}: {seen}{examples}"


def suggest_overlay(steps: Iterable[ForbiddenStep], lc: Lifecycle, *, name: str = OVERLAY_NAME) -> dict[str, Any]:
    """An overlay document (the format :func:`~lifecycle.spec.read_overlay` reads) that makes every
    forbidden step legal in ``lc``, the lifecycle the steps were mined against.

    Each step becomes one entry, with evidence ``observed: observed in N jobs, M times (examples:
    …)`` and confidence ``assumed`` — a person should review it. Where the log led is read from the
    histories themselves (:attr:`ForbiddenStep.targets`: the states the rest of the histories fit):

    * when those states are among the states before the log, the log did not move the job: a
      **side event** in those states (no rule of the log may leave them, or it becomes a rule);
    * otherwise a **rule** from the possible states before the log (final states left out: a final
      state has no way out) to those states, scoped to Flexus jobs when only they showed it.

    A rule whose states lead to several targets (its own, or with other rules of the log) gets an
    ``ambiguity`` text, as the self-check requires. Steps from before the creation log (the
    pseudo-state ``<new>``) cannot be fixed by a rule and are left out: their jobs lack a creation log.
    The result passes :func:`~lifecycle.spec.apply_overlay` on ``lc.spec``.
    """
    known = set(lc.states)
    finals = {s for s in known if lc.is_final(s)}
    entries: list[_Entry] = []
    for step in steps:
        before = [s for s in step.sources if s in known]
        after = [t for t in step.targets if t in known]
        if not before or not after:
            continue
        if set(after) <= set(before):
            entries.append(_Entry("side", step, after))
        elif sources := [s for s in before if s not in finals]:
            entries.append(_Entry("rules", step, sources, after))
    # (state, log type) pairs some rule leaves: a side event there would make the log both a move
    # and a side event in one state, which the self-check rejects; such a side event becomes a rule
    # (from its states to its states). That adds moves, so repeat until nothing changes.
    spec_moving = {(s, r.log_type) for r in lc.spec.rules for s in r.sources}
    changed = True
    while changed:
        changed = False
        moving = spec_moving | {(s, e.step.log_type) for e in entries if e.kind == "rules" for s in e.states}
        for e in list(entries):
            if e.kind == "side" and any((s, e.step.log_type) in moving for s in e.states):
                # A conflicting state is left by a rule, so it is not final: the rule keeps a source.
                # Final states stay side events (a rule may not leave them).
                if stay := [s for s in e.states if s in finals]:
                    entries.append(_Entry("side", e.step, stay))
                e.kind, e.targets = "rules", list(e.states)
                e.states = [s for s in e.states if s not in finals]
                changed = True
    targets: dict[tuple[str, str], set[str]] = {}
    for r in lc.spec.rules:
        for s in r.sources:
            targets.setdefault((s, r.log_type), set()).update(r.targets)
    for e in entries:
        if e.kind == "rules":
            for s in e.states:
                targets.setdefault((s, e.step.log_type), set()).update(e.targets)
    rules: list[dict[str, Any]] = []
    side: list[dict[str, Any]] = []
    for e in entries:
        step = e.step
        if e.kind == "side":
            side.append(
                {
                    "log_types": [step.log_type],
                    "in": e.states,
                    "evidence": [_evidence(step)],
                    "confidence": Confidence.ASSUMED.value,
                }
            )
            continue
        rule: dict[str, Any] = {
            "log_type": step.log_type,
            "from": e.states,
            "to": e.targets,
            "evidence": [_evidence(step)],
            "confidence": Confidence.ASSUMED.value,
        }
        if step.flexus:
            rule["variant"] = "flexus"
        if any(len(targets[s, step.log_type]) > 1 for s in e.states):
            rule["ambiguity"] = _AMBIGUITY
        rules.append(rule)
    add: dict[str, Any] = {}
    if rules:
        add["rules"] = rules
    if side:
        add["side"] = side
    return {"name": name, "edition": lc.edition, "add": add}


# -- writing overlays ------------------------------------------------------------------------------


def storable(value: Any) -> Any:
    """``value`` (JSON values) with every string encodable as UTF-8: lone surrogates become ``\\udXXX`` text.

    >>> storable({"examples": ["a\\ud800b", "ok"]})
    {'examples': ['a\\\\ud800b', 'ok']}
    """
    if isinstance(value, str):
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, Mapping):
        return {storable(k): storable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [storable(v) for v in value]
    return value


def _comment(text: str) -> str:
    # TOML comments may hold no control character (TOML 1.0, "Comment"): show them as \\uXXXX.
    flat = " ".join(storable(text).split())
    return "# " + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in flat)


def _toml(table: Mapping[str, Any]) -> str:
    return tomli_w.dumps(table, multiline_strings=False).rstrip("\n")


def overlay_toml(doc: Mapping[str, Any]) -> str:
    """A suggested overlay as TOML (written by ``tomli-w``), each entry under a comment saying what was seen.

    Strings are made :func:`storable` first, so the text always encodes as UTF-8 and loads with
    :func:`tomllib.loads` to the same document.
    """
    doc = storable(doc)
    out = [
        _comment("Suggested by `lifecycle mine` from real histories: every entry makes a step legal that"),
        _comment("the spec forbids. Review each one (is it real? is the target right?) before use:"),
        _comment("lifecycle validate --overlay THIS_FILE ..."),
        _toml({"name": doc["name"], "edition": doc["edition"]}),
    ]
    add = doc.get("add", {})
    if not add:
        out += ["", _comment("Nothing to suggest: the spec allowed every step of the corpus."), "add = {}"]
    for kind in ("rules", "side"):
        for entry in add.get(kind, []):
            evidence = " ".join(entry["evidence"])
            out.append("")
            out.append(_comment(evidence.removeprefix(f"{EvidenceKind.OBSERVED.value}: ")))
            if kind == "side":
                out.append(_comment("the log did not move the job: a side event where the rest of the history fits"))
            out.append(_toml({"add": {kind: [entry]}}))
    return "\n".join(out) + "\n"


def write_overlay(doc: Mapping[str, Any], path: str | Path) -> None:
    """Write an overlay document as TOML or JSON, by the suffix of ``path`` (``ValueError`` otherwise).

    The text is written to a temporary file in the same folder, then renamed over ``path``
    (:func:`os.replace`): ``path`` holds either its old content or the whole overlay, never part of it.
    ``OSError`` when the folder cannot be written.
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix == ".toml":
        text = overlay_toml(doc)
    elif suffix == ".json":
        text = json.dumps(storable(doc), ensure_ascii=False, indent=2) + "\n"
    else:
        raise ValueError(f"{p.name}: an overlay file must end in .toml or .json")
    data = text.encode("utf-8")
    # Not tempfile.mkstemp: it creates the file with mode 0600; os.open with 0o666 honours the umask,
    # as writing the file directly would.
    tmp = p.with_name(f".{p.name}.{secrets.token_hex(8)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, p)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
