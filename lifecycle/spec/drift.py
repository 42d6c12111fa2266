"""Edition drift: what the installed Python SDK lists that an edition does not, and the reverse.

The SDK ``huaweicloudsdkmetastudio`` (the ``sdk`` extra) has no enum types: its lists of values are
bullet lists in model docstrings, ``* VALUE: 中文标签``, the states in
``v1/model/show2d_model_training_job_response.py`` (``:param state:``) [py-show-response] and the log
types in ``v1/model/operation_log_info.py`` (``:param log_type:``) [py-operation-log]. The files are
read as text; nothing of the SDK is imported.

A value counts as *described* by the edition when its Chinese label comes from the seed page or from
those docstrings; the values only the Go enums carry (label ``tr.`` or from an older release) are
never expected in the docstrings, so their absence is not drift (a label appearing for one is).

>>> sdk = sdk_from_texts("9.9.9", {"state": "* TRAINING: 训练中 * NEW_STATE：新状态"}, {})
>>> d = compare(sdk, "2025-11")
>>> [v.value for v in d.new_states], len(d.missing_states) > 0
(['NEW_STATE'], True)
"""

from __future__ import annotations

import html
import importlib.metadata
import importlib.util
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

from lifecycle.errors import LifecycleError
from lifecycle.spec.reader import parse_edition
from lifecycle.spec.vocabulary import LOG_TYPES, STATES, Edition, in_edition

SDK_PACKAGE: Final = "huaweicloudsdkmetastudio"
STATE_FILE: Final = "v1/model/show2d_model_training_job_response.py"
LOG_FILE: Final = "v1/model/operation_log_info.py"
SOURCE_IDS: Final = {"state": "py-show-response", "log type": "py-operation-log"}
"""The ``sources.toml`` entries of the two files (cited by a suggested overlay)."""

_DESCRIBED_BY: Final = frozenset({"api-show", "py-show-response", "py-operation-log"})
_BULLET = re.compile(r"(?:^|\s)\*\s*")
_ENTRY = re.compile(r"([A-Z][A-Z0-9_]*[A-Z0-9])\s*(?:[:：]\s*|\s+|$)(.*)", re.DOTALL)
_END_OF_LABEL = re.compile(r"\s+[->]\s")  # "- 待用户审核" group heading, "> ..." note

Kind = Literal["state", "log type"]


class SdkMissing(LifecycleError):
    """``huaweicloudsdkmetastudio`` is not installed (``pip install 'lifecycle[sdk]'``), or lacks its model files."""


@dataclass(frozen=True, slots=True)
class SdkVocabulary:
    """The states and log types one SDK release lists: value -> its labels (one value may be listed twice)."""

    version: str
    states: Mapping[str, tuple[str, ...]]
    log_types: Mapping[str, tuple[str, ...]]
    where: str = SDK_PACKAGE


def values_in(param_doc: str) -> dict[str, tuple[str, ...]]:
    """The ``* VALUE: label`` bullets of one ``:param ...:`` text, in order.

    >>> values_in("状态。 - 待提交 * WAIT_FILE_UPLOAD: 待上传文件 - 系统审核中 * AUTO_VERIFYING：自动审核中")
    {'WAIT_FILE_UPLOAD': ('待上传文件',), 'AUTO_VERIFYING': ('自动审核中',)}
    """
    found: dict[str, tuple[str, ...]] = {}
    for segment in _BULLET.split(html.unescape(param_doc))[1:]:
        m = _ENTRY.match(segment.strip())
        if not m:
            continue
        label = _END_OF_LABEL.split(m.group(2), maxsplit=1)[0].strip()
        found[m.group(1)] = (*found.get(m.group(1), ()), label)
    return found


def param_doc(source: str, param: str) -> str:
    """The first ``:param <param>:`` line of a model file that holds a bullet list ('' if none)."""
    for m in re.finditer(rf":param {re.escape(param)}:(.*)", source):
        if "*" in m.group(1):
            return m.group(1)
    return ""


def sdk_from_texts(version: str, state_docs: Mapping[str, str], log_docs: Mapping[str, str]) -> SdkVocabulary:
    """An :class:`SdkVocabulary` from ``{param: docstring text}`` of the two models (tests, other copies)."""
    states = {k: v for text in state_docs.values() for k, v in values_in(text).items()}
    logs = {k: v for text in log_docs.values() for k, v in values_in(text).items()}
    return SdkVocabulary(version, states, logs)


def read_sdk(package_dir: Path, version: str) -> SdkVocabulary:
    """Read the two model files under ``package_dir`` (a ``huaweicloudsdkmetastudio`` directory).

    Raises :class:`SdkMissing` when a file is missing or lists no values.
    """
    texts: dict[str, str] = {}
    for rel, param in ((STATE_FILE, "state"), (LOG_FILE, "log_type")):
        path = package_dir / rel
        try:
            texts[param] = param_doc(path.read_text(encoding="utf-8"), param)
        except OSError as exc:
            raise SdkMissing(f"cannot read {path}: {exc.strerror or exc}") from None
        if not texts[param]:
            raise SdkMissing(f"{path} has no ':param {param}:' value list")
    sdk = sdk_from_texts(version, {"state": texts["state"]}, {"log_type": texts["log_type"]})
    return SdkVocabulary(sdk.version, sdk.states, sdk.log_types, where=str(package_dir))


def version_near(package_dir: Path) -> str:
    """The release of an unpacked SDK directory: its dist-info, or the ``setup.py`` beside it."""
    setup = package_dir.parent / "setup.py"
    if setup.is_file():
        m = re.search(r"""(?i)version\s*=\s*["']([^"']+)["']""", setup.read_text(encoding="utf-8"))
        if m:
            return m.group(1)
    return "unknown"


def installed_sdk() -> SdkVocabulary:
    """The vocabulary of the installed ``huaweicloudsdkmetastudio``; :class:`SdkMissing` if there is none."""
    spec = importlib.util.find_spec(SDK_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise SdkMissing(f"{SDK_PACKAGE} is not installed; pip install 'lifecycle[sdk]'")
    package_dir = Path(next(iter(spec.submodule_search_locations)))
    try:
        version = importlib.metadata.version(SDK_PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        version = version_near(package_dir)
    return read_sdk(package_dir, version)


# ---------------------------------------------------------------------------- comparison


def _same(a: str, b: str) -> bool:
    # The seed copy and the docstrings differ only in full-width vs half-width punctuation.
    return unicodedata.normalize("NFKC", a).strip() == unicodedata.normalize("NFKC", b).strip()


@dataclass(frozen=True, slots=True)
class NewValue:
    kind: Kind
    value: str
    label_zh: str


@dataclass(frozen=True, slots=True)
class LabelChange:
    kind: Kind
    value: str
    edition_label: str
    edition_source: str
    sdk_labels: tuple[str, ...]


@dataclass(frozen=True)
class Drift:
    """How an edition differs from one SDK release."""

    edition: str
    sdk: SdkVocabulary
    new_states: tuple[NewValue, ...] = ()
    new_log_types: tuple[NewValue, ...] = ()
    missing_states: tuple[str, ...] = ()
    """Described by the edition, not listed by the SDK."""
    missing_log_types: tuple[str, ...] = ()
    label_changes: tuple[LabelChange, ...] = ()
    not_compared: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Values of the edition that only the enums carry: never expected in the docstrings."""

    @property
    def drifted(self) -> bool:
        return bool(
            self.new_states or self.new_log_types or self.missing_states or self.missing_log_types or self.label_changes
        )

    def to_dict(self) -> dict[str, Any]:
        """The drift as JSON data (``lifecycle drift --format json``)."""
        return {
            "edition": self.edition,
            "sdk": {"package": SDK_PACKAGE, "version": self.sdk.version, "where": self.sdk.where},
            "drifted": self.drifted,
            "new_states": [{"value": v.value, "label_zh": v.label_zh} for v in self.new_states],
            "new_log_types": [{"value": v.value, "label_zh": v.label_zh} for v in self.new_log_types],
            "missing_states": list(self.missing_states),
            "missing_log_types": list(self.missing_log_types),
            "label_changes": [
                {
                    "kind": c.kind,
                    "value": c.value,
                    "edition_label": c.edition_label,
                    "edition_source": c.edition_source,
                    "sdk_labels": list(c.sdk_labels),
                }
                for c in self.label_changes
            ],
            "not_compared": {k: list(v) for k, v in self.not_compared.items()},
        }


def _compare_one(
    kind: Kind, ours: Mapping[str, tuple[str, str]], sdk: Mapping[str, tuple[str, ...]]
) -> tuple[list[NewValue], list[str], list[LabelChange], list[str]]:
    """``ours``: value -> (zh label, its source). New, missing, relabelled, not compared."""
    new = [NewValue(kind, v, labels[-1]) for v, labels in sdk.items() if v not in ours]
    missing = [v for v, (_, src) in ours.items() if src in _DESCRIBED_BY and v not in sdk]
    changed = [
        LabelChange(kind, v, label, src, sdk[v])
        for v, (label, src) in ours.items()
        if v in sdk and not any(_same(label, theirs) for theirs in sdk[v])
    ]
    skipped = [v for v, (_, src) in ours.items() if src not in _DESCRIBED_BY and v not in sdk]
    return new, missing, changed, skipped


def compare(sdk: SdkVocabulary, edition: str | Edition) -> Drift:
    """How ``edition`` differs from what ``sdk`` lists (see the module docstring)."""
    ed = parse_edition(edition)
    states = {s.value: (i.label_zh, i.label_zh_source) for s, i in STATES.items() if in_edition(i.since, ed)}
    logs = {t.value: (i.label_zh, i.label_zh_source) for t, i in LOG_TYPES.items() if in_edition(i.since, ed)}
    new_s, miss_s, chg_s, skip_s = _compare_one("state", states, sdk.states)
    new_l, miss_l, chg_l, skip_l = _compare_one("log type", logs, sdk.log_types)
    return Drift(
        edition=ed.value,
        sdk=sdk,
        new_states=tuple(new_s),
        new_log_types=tuple(new_l),
        missing_states=tuple(miss_s),
        missing_log_types=tuple(miss_l),
        label_changes=(*chg_s, *chg_l),
        not_compared={"states": tuple(skip_s), "log_types": tuple(skip_l)},
    )


# ---------------------------------------------------------------------------- a draft overlay

_PREFIX_ACTORS: Final = {"USER_": ["USER"], "ADMIN_": ["ADMIN"], "SYSTEM_": ["SYSTEM"]}


def _actors(value: str) -> list[str]:
    # The USER_/ADMIN_/SYSTEM_ prefix matches operate_user in the seed example; unprefixed: any.
    return next((a for p, a in _PREFIX_ACTORS.items() if value.startswith(p)), ["USER", "ADMIN", "SYSTEM"])


def _listed(drift: Drift, kind: Kind, values: list[str]) -> str:
    file = STATE_FILE if kind == "state" else LOG_FILE
    return f"sdk: {SDK_PACKAGE} {drift.sdk.version} lists {', '.join(values)} in {file} [{SOURCE_IDS[kind]}]"


def suggest_overlay(drift: Drift) -> dict[str, Any]:
    """A draft overlay that adds the names the SDK lists and the edition lacks; every entry ``assumed``.

    New log types become side events accepted in every non-final state. New states get an empty
    console ``group`` (the overlay does not load until a person chooses one), ``resting = true``
    and a silent transition from every non-final state, so that jobs reporting them are not rejected
    while nobody knows where they belong. Missing values and changed labels are left to a person:
    an overlay cannot remove a state or relabel one.
    """
    add: dict[str, list[dict[str, Any]]] = {}
    if drift.new_log_types:
        names = [v.value for v in drift.new_log_types]
        add["log_types"] = [
            {"value": v.value, "label_zh": v.label_zh, "actors": _actors(v.value)} for v in drift.new_log_types
        ]
        add["side"] = [
            {
                "log_types": names,
                "in": ["*"],
                "evidence": [
                    _listed(drift, "log type", names),
                    "modelling-choice: accepted anywhere and moving nothing until someone places them",
                ],
                "confidence": "assumed",
            }
        ]
    if drift.new_states:
        names = [v.value for v in drift.new_states]
        add["states"] = [
            {"value": v.value, "label_zh": v.label_zh, "group": "", "resting": True, "confidence": "assumed"}
            for v in drift.new_states
        ]
        add["silent"] = [
            {
                "from": ["*"],
                "to": names,
                "trigger": "placeholder: the SDK lists these states; no transition into them is known",
                "evidence": [
                    _listed(drift, "state", names),
                    "modelling-choice: reachable from anywhere until someone places them; group to be chosen",
                ],
                "confidence": "assumed",
            }
        ]
    return {"name": f"sdk-{drift.sdk.version}-drift", "edition": drift.edition, "add": add}
