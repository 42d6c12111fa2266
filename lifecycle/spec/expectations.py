"""How long a job may take in a stage, as the vendor documents it, and a working-day clock to measure it.

The rules (each with its source, a public MetaStudio FAQ result page):

* ``review`` — system and manual review take at most 1 working day, and algorithm ``training`` at most
  3 working days: https://huaweicloud.com/s/JeW8gOa6kOS7u-WKoeeuoeeQhui9r-S7tiU/t_30_p_3/JeaVsOWtl-WGheWuueeUn-S6p-e6vyBNZXRhU3R1ZGlvJQ
* ``flexus_training`` — Flexus (basic edition) training takes about 3 hours, the system reviews and submits it
  by itself: https://huaweicloud.com/s/JeWMuuWdl-mTvua6r-a6kOezu-e7nyU/t_30_p_4/JeaVsOWtl-WGheWuueeUn-S6p-e6vyBNZXRhU3R1ZGlvJQ

A config file overrides the limits (TOML, read with :mod:`tomllib`)::

    [expectations.review]
    limit = 2
    unit = "working_days"      # or "hours"

Working days are those of mainland China (the vendor's): weekends and public holidays are off, and the
weekend days the State Council moves into a working week (调休) count. The calendar is the ``holidays``
package (``holidays.country_holidays("CN")``, updated monthly and sourced from the State Council notices);
a day counts in China Standard Time (UTC+8).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any, Final, Literal

from lifecycle.spec.vocabulary import ConsoleGroup, Lang, StateKind

Unit = Literal["working_days", "hours"]
CHINA_TIME: Final = timezone(timedelta(hours=8), "CST")
_DAY: Final = 86400.0

FAQ_TIMINGS: Final = "https://huaweicloud.com/s/JeW8gOa6kOS7u-WKoeeuoeeQhui9r-S7tiU/t_30_p_3/JeaVsOWtl-WGheWuueeUn-S6p-e6vyBNZXRhU3R1ZGlvJQ"
FAQ_FLEXUS: Final = (
    "https://huaweicloud.com/s/JeWMuuWdl-mTvua6r-a6kOezu-e7nyU/t_30_p_4/JeaVsOWtl-WGheWuueeUn-S6p-e6vyBNZXRhU3R1ZGlvJQ"
)


class ConfigError(Exception):
    """A config file that cannot be read or holds an unknown rule, unit or a bad limit (exit code 2)."""


@dataclass(frozen=True, slots=True)
class Expectation:
    """How long a job may stay in a console group (in the kinds listed), and who says so."""

    name: str
    group: ConsoleGroup
    kinds: frozenset[StateKind]
    flexus: bool | None
    """True: Flexus jobs only; False: all others; None: every job."""
    limit: float
    unit: Unit
    source: str
    """URL of the document the rule comes from."""

    def unit_words(self, lang: Lang = "en") -> str:
        """The unit as a count of it reads: ``working days``, ``hours``; ``个工作日``, ``小时``."""
        return _UNIT_WORDS[self.unit][lang]

    def describe_limit(self, lang: Lang = "en") -> str:
        """The limit in words: ``1 working day``, ``3 hours``; ``1 个工作日``, ``3 小时``."""
        words = self.unit_words(lang)
        return f"{self.limit:g} {words[:-1] if lang == 'en' and self.limit == 1 else words}"

    def describe(self, lang: Lang = "en") -> str:
        """``review <= 1 working day``."""
        return f"{self.name} <= {self.describe_limit(lang)}"


_UNIT_WORDS: Final[dict[Unit, dict[Lang, str]]] = {
    "working_days": {"en": "working days", "zh": "个工作日"},
    "hours": {"en": "hours", "zh": "小时"},
}


_MOVING: Final = frozenset({StateKind.RUNNING, StateKind.WAITING})  # failed/stopped states wait on a person

DEFAULT_EXPECTATIONS: Final = (
    Expectation("review", ConsoleGroup.UNDER_REVIEW, _MOVING, None, 1, "working_days", FAQ_TIMINGS),
    Expectation("training", ConsoleGroup.TRAINING, _MOVING, False, 3, "working_days", FAQ_TIMINGS),
    Expectation("flexus_training", ConsoleGroup.TRAINING, _MOVING, True, 3, "hours", FAQ_FLEXUS),
)


@dataclass(frozen=True, slots=True)
class Clock:
    """What checking jobs against their expectations needs: the time to measure up to (an aware datetime;
    ``lifecycle validate --now``, ``lifecycle status --now``) and the rules (:data:`DEFAULT_EXPECTATIONS`, or
    those of :func:`load_expectations`)."""

    now: datetime
    rules: tuple[Expectation, ...] = DEFAULT_EXPECTATIONS

    def __post_init__(self) -> None:
        if self.now.tzinfo is None:
            raise ValueError("Clock.now must be an aware datetime (a time zone, e.g. datetime.now(UTC))")


def load_expectations(path: Path | None) -> tuple[Expectation, ...]:
    """The default rules with the limits (and units) of ``path`` applied; raises :class:`ConfigError`."""
    if path is None:
        return DEFAULT_EXPECTATIONS
    try:
        doc: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not TOML: {exc}") from None
    table = doc.get("expectations", {})
    by_name = {e.name: e for e in DEFAULT_EXPECTATIONS}
    if not isinstance(table, dict) or set(doc) - {"expectations"}:
        raise ConfigError(f"{path}: expected only [expectations.NAME] tables")
    for name, values in table.items():
        if name not in by_name or not isinstance(values, dict) or set(values) - {"limit", "unit"}:
            raise ConfigError(f"{path}: [expectations.{name}]: rules are {', '.join(by_name)}; keys limit, unit")
        limit = values.get("limit", by_name[name].limit)
        unit = values.get("unit", by_name[name].unit)
        if isinstance(limit, bool) or not isinstance(limit, int | float) or limit <= 0:
            raise ConfigError(f"{path}: [expectations.{name}] limit must be a positive number")
        if unit not in ("working_days", "hours"):
            raise ConfigError(f"{path}: [expectations.{name}] unit must be working_days or hours")
        by_name[name] = replace(by_name[name], limit=float(limit), unit=unit)
    return tuple(by_name.values())


@cache
def _china_holidays(year: int) -> Any:
    import holidays

    return holidays.country_holidays("CN", years=year)


def is_working_day(day: date) -> bool:
    """Whether ``day`` is a working day in mainland China (weekend make-up days included).

    >>> is_working_day(date(2025, 10, 1)), is_working_day(date(2025, 9, 28)), is_working_day(date(2025, 9, 29))
    (False, True, True)
    """
    return bool(_china_holidays(day.year).is_working_day(day))


def working_days_between(start: datetime, end: datetime) -> float:
    """Working-day time from ``start`` to ``end`` (aware datetimes), in days of 24 h: the part of each
    China calendar day that lies in the interval counts when the day is a working day. 0 when ``end`` is
    not after ``start``.

    >>> fri = datetime(2025, 11, 28, 9, 0, tzinfo=CHINA_TIME)
    >>> working_days_between(fri, fri + timedelta(days=3))  # Friday 9:00 to Monday 9:00
    1.0
    """
    start, end = start.astimezone(CHINA_TIME), end.astimezone(CHINA_TIME)
    total = 0.0
    day = start.date()
    while True:
        day_start = datetime(day.year, day.month, day.day, tzinfo=CHINA_TIME)
        day_end = day_start + timedelta(days=1)
        lo, hi = max(start, day_start), min(end, day_end)
        if hi <= lo and day_start >= end:
            break
        if hi > lo and is_working_day(day):
            total += (hi - lo).total_seconds()
        day += timedelta(days=1)
    return total / _DAY


def elapsed(expectation: Expectation, start: datetime, now: datetime) -> float:
    """How much of the expectation's unit has passed from ``start`` to ``now``."""
    if expectation.unit == "hours":
        return max((now - start).total_seconds(), 0.0) / 3600
    return working_days_between(start, now)
