"""The benchmark corpus: jobs drawn from the spec's Hypothesis strategies, once, then cached.

Three kinds of job, all from ``lifecycle.testing.strategies`` (or, where it cannot be imported, from the
``walked_jobs`` composite of ``tests/test_validator.py``):

* ``seed`` — seed-sized histories (3–8 logs, like ``examples/seed_job.json``), valid;
* ``long`` — histories of 5–40 logs (about 22 on average, as in the anchor corpus of issue 7), valid;
* ``violations`` — near misses: a valid job with exactly one defect, every diagnostic code in turn.

Hypothesis draws small, repetitive values (its examples lean to ``0``, ``"0"`` and 2023-01-01T00:00:00Z),
which flatter anything with a cache. :func:`varied` then gives every job what real answers have, from a
seeded random generator (the distribution, stated):

* ``job_id``: 32 random hex digits; ``name``: 60 % Chinese (2–8 characters from the CJK block), 40 %
  ASCII (4–16 letters and digits) — real names are the user's;
* timestamps (``create_time``, ``last_update_time``, ``operate_time``), in the API's format
  ``YYYY-MM-DDTHH:MM:SSZ``: a job starts at a uniform second of 2023–2025; successive log times are
  apart by a log-normal gap (median 120 s, σ = 1.5, capped at 3 days), 5 % of gaps are 0 (logs within
  one second, as in the seed example); ``create_time`` is the first log's time minus 0, 1 or 30 s,
  ``last_update_time`` the last one's plus 0, 1 or 120 s. Near misses keep their defect: their times are
  mapped by a strictly increasing function of the value (equal stays equal, order is kept).

So timestamps are distinct across jobs (a 94-million-second range) and within a job except for the
5 % of zero gaps.

Examples are drawn by a ``@given`` collector with a fixed seed and no example database, so the same
strategies give the same corpus. Drawing takes seconds to a minute, so the corpus is cached as JSON
under ``bench/.cache`` (git-ignored), keyed by everything that could change it.

:func:`padded` grows a payload to a real answer's size (about 8.8 kB): real download URLs are OBS
signed URLs with a temporary security token, and the token is most of the bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import random
import string
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from lifecycle import compile_edition
from lifecycle.spec.vocabulary import DEFAULT_EDITION

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(__file__).resolve().parent / ".cache"
SEED = 20260701
VERSION = 3  # bump when the way the corpus is drawn changes

REAL_SIZE = 8800
"""Bytes of a real job-detail answer (issue 7: signed URLs make real payloads large)."""

_URL_FIELDS = (
    "cover_download_url",
    "training_video_download_url",
    "id_card_image1_download_url",
    "id_card_image2_download_url",
    "grant_file_download_url",
    "verify_video_download_url",
    "markable_video_download_url",
    "action_video_download_url",
    "audio_file_download_url",
    "mask_file_download_url",
)


@dataclass
class Corpus:
    """Jobs as parsed JSON, by kind; ``source`` says which strategies drew them."""

    edition: str
    source: str
    seed: list[dict[str, Any]] = field(default_factory=list)
    long: list[dict[str, Any]] = field(default_factory=list)
    violations: list[dict[str, Any]] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)
    """The defect of each violation job, in order."""
    missing_codes: dict[str, str] = field(default_factory=dict)
    """Codes the strategies could not draw, and why."""

    def mixed(self) -> list[dict[str, Any]]:
        """Long valid histories with the violations spread among them (one in ``len/violations``)."""
        out: list[dict[str, Any]] = []
        step = max(1, len(self.long) // max(1, len(self.violations)))
        bad = iter(self.violations)
        for i, job in enumerate(self.long):
            out.append(job)
            if i % step == step - 1:
                extra = next(bad, None)
                if extra is not None:
                    out.append(extra)
        out.extend(bad)
        return out


def _collect(strategy: Any, count: int, seed: int) -> list[Any]:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as fixed_seed

    drawn: list[Any] = []

    @fixed_seed(seed)
    @settings(
        database=None,
        max_examples=count,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        deadline=None,
    )
    @given(strategy)
    def collect(example: Any) -> None:
        drawn.append(example)

    collect()
    return drawn[:count]


def _strategies_source() -> str:
    # The testing kit's modules (lifecycle/strategies.py is only its public alias): a change to how
    # they draw must draw the corpus anew.
    paths = sorted((ROOT / "lifecycle" / "testing").glob("*.py"))
    return "".join(path.read_text(encoding="utf-8") for path in paths)


def _key(edition: str, sizes: tuple[int, int, int]) -> str:
    digest = hashlib.sha256()
    for part in (
        str(VERSION),
        edition,
        repr(sizes),
        str(SEED),
        _strategies_source(),
        (ROOT / "lifecycle" / "spec" / "rules.toml").read_text(encoding="utf-8"),
        Path(__file__).read_text(encoding="utf-8"),
    ):
        digest.update(part.encode())
    return digest.hexdigest()[:16]


def _draw_with_strategies(edition: str, sizes: tuple[int, int, int]) -> Corpus:
    from lifecycle import strategies
    from lifecycle.validation.codes import ALWAYS_CHECKED

    n_seed, n_long, n_bad = sizes
    corpus = Corpus(edition, "lifecycle.testing.strategies")
    corpus.seed = _collect(strategies.job_payloads(edition=edition, min_size=3, max_size=8), n_seed, SEED)
    corpus.long = _collect(strategies.job_payloads(edition=edition, min_size=5, max_size=40), n_long, SEED + 1)
    codes = list(ALWAYS_CHECKED)  # opt-in checks need an option
    per_code = max(1, -(-n_bad // len(codes)))
    drawn: dict[str, list[Any]] = {}
    for i, code in enumerate(codes):
        try:
            drawn[code] = _collect(strategies.near_miss_payloads(edition=edition, codes=[code]), per_code, SEED + 2 + i)
        except Exception as exc:  # a strategy still being written: leave the code out, and say so
            corpus.missing_codes[code] = f"{type(exc).__name__}: {exc}"[:200]
    # Round-robin over the codes, so any prefix of the violations covers them all.
    for k in range(per_code):
        for code in codes:
            items = drawn.get(code, [])
            if k < len(items) and len(corpus.violations) < n_bad:
                payload, got = items[k]
                if isinstance(payload, bytes):  # invalid-json: keep the text, JSON-safe
                    payload = {"__text__": payload.decode("utf-8", "replace")}
                corpus.violations.append(payload)
                corpus.codes.append(got)
    return corpus


def _draw_with_walks(edition: str, sizes: tuple[int, int, int]) -> Corpus:
    """Fallback: walks of tests/test_validator.py, and defects made here (illegal log, bad actor, time)."""
    import sys

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.test_validator import walked_jobs

    lc = compile_edition(edition).restrict()
    n_seed, n_long, n_bad = sizes
    corpus = Corpus(edition, "tests.test_validator.walked_jobs")
    walks = _collect(walked_jobs(lc), n_seed + n_long + n_bad, SEED)
    seed_sized = [w for w in walks if 3 <= len(w["operation_logs"]) <= 8]
    long = [w for w in walks if len(w["operation_logs"]) >= 5]
    corpus.seed = (seed_sized * (1 + n_seed // max(1, len(seed_sized))))[:n_seed]
    corpus.long = long[:n_long]
    rng = random.Random(SEED)
    for i, job in enumerate(long[n_long : n_long + n_bad] or long[:n_bad]):
        job = json.loads(json.dumps(job))
        logs = job["operation_logs"]
        kind = ("illegal-transition", "actor-mismatch", "time-regression")[i % 3]
        k = rng.randrange(1, len(logs))
        if kind == "illegal-transition":
            logs.insert(k, dict(logs[k - 1], log_type="ADMIN_VERIFY_SUCCESS", operate_user="ADMIN"))
        elif kind == "actor-mismatch":
            logs[k]["operate_user"] = "ADMIN" if logs[k]["operate_user"] != "ADMIN" else "USER"
        else:
            logs[k]["operate_time"] = "2024-04-30T00:00:00Z"
        corpus.violations.append(job)
        corpus.codes.append(kind)
    return corpus


_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_START = datetime(2023, 1, 1, tzinfo=UTC)
_SPAN = int((datetime(2026, 1, 1, tzinfo=UTC) - _START).total_seconds())


def _gap(rng: random.Random) -> int:
    if rng.random() < 0.05:
        return 0
    return min(3 * 86400, round(rng.lognormvariate(math.log(120), 1.5)))


def _name(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return "".join(chr(rng.randrange(0x4E00, 0x9FA6)) for _ in range(rng.randint(2, 8)))
    return "".join(rng.choices(string.ascii_letters + string.digits, k=rng.randint(4, 16)))


def _moment(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value, _FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def _stamp(moment: datetime) -> str:
    return moment.strftime(_FORMAT)


def varied(job: dict[str, Any], rng: random.Random, *, valid: bool) -> dict[str, Any]:
    """``job`` with a random id, name and times (see the module docstring); a near miss keeps its defect."""
    if "__text__" in job:
        return job
    out = json.loads(json.dumps(job))
    if isinstance(out.get("job_id"), str) and out["job_id"]:
        out["job_id"] = f"{rng.getrandbits(128):032x}"
    if isinstance(out.get("name"), str):
        out["name"] = _name(rng)
    logs = [e for e in out.get("operation_logs") or () if isinstance(e, dict)]
    base = _START + timedelta(seconds=rng.randrange(_SPAN))
    if valid:
        clock = base
        for entry in logs:
            entry["operate_time"] = _stamp(clock)
            clock += timedelta(seconds=_gap(rng))
        first = _moment(logs[0]["operate_time"]) if logs else base
        last = _moment(logs[-1]["operate_time"]) if logs else base
        assert first is not None
        assert last is not None
        out["create_time"] = _stamp(first - timedelta(seconds=rng.choice([0, 1, 30])))
        out["last_update_time"] = _stamp(last + timedelta(seconds=rng.choice([0, 1, 120])))
        return out
    holders: list[tuple[dict[str, Any], str]] = [(out, "create_time"), (out, "last_update_time")]
    holders += [(entry, "operate_time") for entry in logs]
    values = sorted({m for holder, key in holders if (m := _moment(holder.get(key))) is not None})
    mapped: dict[datetime, datetime] = {}
    clock = base
    for value in values:  # strictly increasing: equal stays equal, order is kept
        mapped[value] = clock
        clock += timedelta(seconds=1 + _gap(rng))
    for holder, key in holders:
        moment = _moment(holder.get(key))
        if moment is not None:
            holder[key] = _stamp(mapped[moment])
    return out


def _vary(corpus: Corpus) -> Corpus:
    rng = random.Random(SEED)
    corpus.seed = [varied(j, rng, valid=True) for j in corpus.seed]
    corpus.long = [varied(j, rng, valid=True) for j in corpus.long]
    corpus.violations = [varied(j, rng, valid=False) for j in corpus.violations]
    return corpus


def load(*, edition: str = DEFAULT_EDITION.value, sizes: tuple[int, int, int], cache: bool = True) -> Corpus:
    """The corpus of ``sizes`` = (seed-sized, long, violations) jobs, drawn once and cached."""
    try:
        import lifecycle.testing.strategies  # noqa: F401
    except ImportError:
        draw, tag = _draw_with_walks, "walks"
    else:
        draw, tag = _draw_with_strategies, "strategies"
    path = CACHE / f"corpus-{tag}-{_key(edition, sizes)}.json.gz"
    if cache and path.exists():
        data = json.loads(gzip.decompress(path.read_bytes()))
        return Corpus(**data)
    corpus = _vary(draw(edition, sizes))
    if cache:
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(gzip.compress(json.dumps(corpus.__dict__, ensure_ascii=False).encode()))
        tmp.replace(path)
    return corpus


def text_of(job: dict[str, Any]) -> bytes:
    """The JSON text of a job as the API sends it (a cut ``invalid-json`` near miss stays cut)."""
    if "__text__" in job and len(job) == 1:
        return str(job["__text__"]).encode()
    return json.dumps(job, ensure_ascii=False).encode()


def _signed_url(job_id: str, what: str, token_size: int) -> str:
    # An OBS temporary-credential URL: AccessKeyId, Expires, Signature and x-obs-security-token.
    digest = hashlib.sha256(f"{job_id}/{what}".encode()).hexdigest()
    token = (digest * (1 + token_size // len(digest)))[:token_size]
    return (
        f"https://metastudio-assets.obs.cn-north-4.myhuaweicloud.com/{job_id}/{what}.mp4"
        f"?AccessKeyId=HSTA{digest[:16].upper()}&Expires=1767225600&Signature={digest[:28]}%3D"
        f"&x-obs-security-token={token}"
    )


def padded(job: dict[str, Any], size: int = REAL_SIZE) -> dict[str, Any]:
    """``job`` with its URL fields set to signed URLs with security tokens, about ``size`` bytes in all."""
    if "__text__" in job:
        return job
    out = dict(job)
    job_id = str(job.get("job_id") or "job")
    free = [name for name in _URL_FIELDS if name not in job]  # a near miss may have broken one of the others
    for name in free:
        out[name] = _signed_url(job_id, name.removesuffix("_download_url"), 16)
    missing = size - len(text_of(out))
    if missing > 0 and free:
        per_url = missing // len(free)
        for name in free:
            out[name] = _signed_url(job_id, name.removesuffix("_download_url"), 16 + per_url)
    return out
