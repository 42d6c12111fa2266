"""Benchmark rows of live tracking (issue 16): making a tracker, what one retains, and the cost of a log.

Targets: a tracker made in at most 20 µs, at most 2 kB retained per tracker (after its history), and one
log applied within 10x the replay core's cost per event (the replay core is ``replay_log_types``).
"""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from typing import TYPE_CHECKING

from bench.measure import compare

if TYPE_CHECKING:
    from bench.run import Bench


def tracking(bench: Bench) -> None:
    from bench.run import Row, _pair_row
    from lifecycle.tracking import Tracker
    from lifecycle.validation.pipeline import context
    from lifecycle.validation.validator import replay_log_types

    ctx = context(bench.edition, (), "en")
    lcs = [ctx.restricted(flexus, na)[0] for flexus, na in bench.variants]
    histories, variants, edition = bench.histories, bench.variants, bench.edition
    size = len(histories)

    made: list[float] = []
    for _ in range(max(1, bench.sizes.rounds)):
        gc.collect()
        start = time.perf_counter()
        keep = [Tracker(lc) for lc in lcs]
        made.append((time.perf_counter() - start) / len(keep) * 1e6)
        del keep
    create = statistics.median(made)
    bench.rows.append(
        Row("tracker-create", "making a tracker (µs)", round(create, 3), "≤ 20", create <= 20, f"{len(lcs)} trackers")
    )

    def feed(lo: int, hi: int) -> None:
        for lc, history in zip(lcs[lo:hi], histories[lo:hi], strict=True):
            tracker = Tracker(lc)
            for log in history:
                if isinstance(log, str):
                    tracker.apply(log)

    feed(0, size)  # the shared tables and caches fill once; what a tracker retains is measured after
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    trackers = [Tracker(lc) for lc in lcs]
    for tracker, history in zip(trackers, histories, strict=True):
        for log in history:
            if isinstance(log, str):
                tracker.apply(log)
    retained = (tracemalloc.get_traced_memory()[0] - before) / len(trackers)
    tracemalloc.stop()
    del trackers
    bench.rows.append(
        Row(
            "tracker-memory",
            "memory retained per tracker after its history (bytes)",
            round(retained),
            "≤ 2048",
            retained <= 2048,
            f"{size} jobs, {bench.events / max(1, size):.1f} logs each on average",
        )
    )

    def core(lo: int, hi: int) -> None:
        for history, (flexus, na) in zip(histories[lo:hi], variants[lo:hi], strict=True):
            replay_log_types(history, edition=edition, flexus=flexus, na=na)

    pair = compare(feed, core, size, bench.sizes.rounds, warm="same")  # decoded histories (see compare)
    bench.rows.append(
        _pair_row(
            "tracker-per-log",
            "tracker, one log at a time / replay core",
            pair,
            bench.events,
            "event",
            "≤ 10",
            lambda value: value <= 10,
            ("tracker", "replay core"),
        )
    )
