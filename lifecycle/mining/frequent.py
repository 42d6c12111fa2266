"""A frequent-items summary of fixed capacity (Misra–Gries), for variants and unknown names."""

from __future__ import annotations

from typing import Generic, TypeVar

__all__ = ["Frequent"]

K = TypeVar("K")


class Frequent(Generic[K]):
    """A Misra–Gries frequent-items summary: at most ``capacity`` keys, whatever the stream.

    While fewer than ``capacity`` distinct keys have been seen, the counts are exact. Once the table
    is full, a new key decrements every counter by one (dropping those that reach zero) instead of
    being stored. Then each stored count is low by at most :attr:`error` (≤ n / (capacity + 1) for
    n keys added), and every key occurring more than :attr:`error` times is still in the table — the
    common variants survive, the long tail of one-offs does not. Each decrement round removes
    ``capacity + 1`` units from a total of n, so the rounds cost O(n) overall.
    """

    __slots__ = ("capacity", "counts", "error", "total")

    def __init__(self, capacity: int) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self.counts: dict[K, int] = {}
        self.error = 0
        self.total = 0

    def add(self, key: K) -> None:
        self.total += 1
        counts = self.counts
        if key in counts:
            counts[key] += 1
        elif len(counts) < self.capacity:
            counts[key] = 1
        else:
            self.error += 1
            for k, n in list(counts.items()):
                if n == 1:
                    del counts[k]
                else:
                    counts[k] = n - 1

    def most_common(self, n: int | None = None) -> list[tuple[K, int]]:
        ranked = sorted(self.counts.items(), key=lambda kv: (-kv[1], repr(kv[0])))
        return ranked if n is None else ranked[:n]
