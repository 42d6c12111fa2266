"""Evidence-graded verdicts (issue 14): an error only where the spec's own reading is broken; a history an
alternative reading of the sources explains gives warnings only, each naming its reading."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import lifecycle
from lifecycle import BEFORE_CREATION, compile_edition
from lifecycle.validation.report import Severity
from lifecycle.validation.validator import validate
from tests.conftest import EDITIONS
from tests.test_engine import walks


def _payload(path: list[tuple[str, str]], state: str) -> dict[str, Any]:
    logs = [{"log_type": trigger} for trigger, _ in path if trigger != lifecycle.SILENT]
    return {"job_id": "j", "state": state, "operation_logs": logs}


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_a_history_an_alternative_reading_allows_gives_warnings_only(edition: str, data: st.DataObject) -> None:
    lc = compile_edition(edition).restrict()
    _, read = data.draw(st.sampled_from(lc.alternatives), label="reading")
    path = data.draw(walks(read))
    assume(path)
    types = [t for t, _ in path if t != lifecycle.SILENT]
    once = Counter(t for t in types if (info := lc.log_type_info(t)) is not None and info.once)
    assume(all(n == 1 for n in once.values()))
    report = validate(_payload(path, path[-1][1]), edition=edition, schema=False)
    assert [d.code for d in report.diagnostics if d.severity is Severity.ERROR] == []
    readings = {d.reading for d in report.diagnostics if d.code == "unconfirmed-transition"}
    assert all(r is not None for r in readings)
    assert {d.code for d in report.diagnostics} <= {"unconfirmed-transition"}


@pytest.mark.parametrize("edition", EDITIONS)
@given(data=st.data())
def test_a_history_of_the_spec_itself_needs_no_alternative(edition: str, data: st.DataObject) -> None:
    lc = compile_edition(edition).restrict()
    path = data.draw(walks(lc))
    assume(path)
    types = [t for t, _ in path if t != lifecycle.SILENT]
    once = Counter(t for t in types if (info := lc.log_type_info(t)) is not None and info.once)
    assume(all(n == 1 for n in once.values()))
    assert validate(_payload(path, path[-1][1]), edition=edition, schema=False).diagnostics == ()


def test_every_rule_diagnostic_carries_its_confidence() -> None:
    job = {
        "job_id": "j",
        "state": "TRAINING",
        "operation_logs": [{"log_type": "USER_CREATE_JOD"}, {"log_type": "ADMIN_VERIFY_SUCCESS"}],
    }
    diagnostics = validate(job, schema=False).diagnostics
    assert {(d.code, d.confidence) for d in diagnostics} >= {("illegal-transition", "implied")}
    assert all(d.confidence in ("documented", "implied", "assumed") for d in diagnostics if d.code != "state-mismatch")


def test_alternative_readings_are_self_checked_and_named() -> None:
    from lifecycle.errors import InvalidSpec
    from lifecycle.spec.loader import _rules_document, read_rules

    doc = dict(_rules_document())
    doc["alternative"] = [
        *doc["alternative"],
        {
            "name": "nothing",
            "evidence": ["modelling-choice: x"],
            "confidence": "documented",
            "add": {
                "rules": [
                    {
                        "log_type": "USER_CREATE_JOD",
                        "from": ["NO_SUCH_STATE"],
                        "to": ["TRAINING"],
                        "evidence": ["modelling-choice: x"],
                        "confidence": "assumed",
                    }
                ]
            },
        },
    ]
    with pytest.raises(InvalidSpec) as raised:
        read_rules(doc, "2025-11")
    text = str(raised.value)
    assert "alternative nothing" in text
    assert "never documented" in text


def test_before_creation_has_no_alternative() -> None:
    lc = compile_edition().restrict()
    assert all(BEFORE_CREATION not in read.spec.states for _, read in lc.alternatives)
