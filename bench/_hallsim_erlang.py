"""Erlang C (M/M/c): the textbook figures the simulator is checked against."""

from __future__ import annotations

import math


def erlang_c(servers: int, offered: float) -> float:
    """Probability that an arrival waits, for `offered` erlangs on `servers` servers."""
    if offered <= 0:
        return 0.0
    if offered >= servers:
        return 1.0
    # Erlang B by its stable recursion, then C from B.
    b = 1.0
    for k in range(1, servers + 1):
        b = offered * b / (k + offered * b)
    rho = offered / servers
    return b / (1 - rho * (1 - b))


def mean_wait(servers: int, per_minute: float, mean_minutes: float) -> float:
    """Mean wait in line (minutes): C(c, a) / (c mu - lambda)."""
    offered = per_minute * mean_minutes
    if offered >= servers:
        return math.inf
    return erlang_c(servers, offered) * mean_minutes / (servers - offered)


def wait_exceeds(servers: int, per_minute: float, mean_minutes: float, minutes: float) -> float:
    """P(wait > t) = C(c, a) exp(-(c mu - lambda) t)."""
    offered = per_minute * mean_minutes
    decay = (servers - offered) / mean_minutes
    return erlang_c(servers, offered) * math.exp(-decay * minutes)


def wait_quantile(servers: int, per_minute: float, mean_minutes: float, q: float) -> float:
    """The q-quantile of the wait: 0 while P(wait > 0) <= 1 - q, else the exponential tail."""
    offered = per_minute * mean_minutes
    waits = erlang_c(servers, offered)
    if waits <= 1 - q:
        return 0.0
    decay = (servers - offered) / mean_minutes
    return math.log(waits / (1 - q)) / decay
