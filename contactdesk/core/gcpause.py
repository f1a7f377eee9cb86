"""Pausing Python's cyclic garbage collector during bulk work.

Imports and bulk inserts build tens of thousands of small objects that stay alive until the
work is done. Each such burst triggers collections that walk every live object again and again
(about a fifth of a 10,000-card import). The work creates no reference cycles worth collecting
early, so the collector waits until it is over; reference counting still frees everything else
at once.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection inside the block; nests, and restores the previous state."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def bulk_work(func: Callable[P, R]) -> Callable[P, R]:
    """Decorator: run `func` with the cyclic collector paused."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with paused():
            return func(*args, **kwargs)

    return wrapper
