"""Shared by the fixture scripts: the crossing of a falling statistic, solved in mpmath."""

from __future__ import annotations

import mpmath as mp


def log_bisect(t, target, inside, outside, steps: int = 400):
    """Where t (falling in theta) crosses target, by bisection on ln theta between `inside` (on the
    estimate's side) and `outside` (beyond the crossing), at the caller's mp.mp.dps."""
    for _ in range(steps):
        mid = mp.sqrt(inside * outside)
        if (t(mid) - target) * (t(inside) - target) > 0:
            inside = mid
        else:
            outside = mid
    return mp.sqrt(inside * outside)
