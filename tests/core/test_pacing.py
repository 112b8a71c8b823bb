"""Passes of tokens: at least the minimum interval apart, further apart when the work between passes
would take more than the budget of a core, the first of a stream at once."""

from __future__ import annotations

import pytest

from desktop.core.pacing import PassPacer


class Clocks:
    def __init__(self) -> None:
        self.wall = 10.0
        self.cpu = 1.0

    def spend(self, wall: float, cpu: float) -> None:
        self.wall += wall
        self.cpu += cpu


def pacer(clocks: Clocks) -> PassPacer:
    return PassPacer(1 / 30, 0.25, 0.04, clock=lambda: clocks.wall, cpu_clock=lambda: clocks.cpu)


def test_the_first_pass_goes_at_once_then_30_a_second_when_passes_are_cheap() -> None:
    clocks = Clocks()
    p = pacer(clocks)
    p.start()
    assert p.wait() <= 0
    for _ in range(20):
        p.passed()
        clocks.spend(0.010, 0.0005)  # 0.5 ms of work between passes: 1.5% of a core at 30 a second
        assert p.wait() == pytest.approx(1 / 30 - 0.010)
        clocks.spend(1 / 30 - 0.010, 0.0)
    assert p.interval_s == pytest.approx(1 / 30)


def test_costly_passes_are_spaced_to_keep_the_window_within_its_budget() -> None:
    clocks = Clocks()
    p = pacer(clocks)
    p.start()
    for _ in range(60):
        p.passed()
        clocks.spend(max(p.wait(), 0.0), 0.004)  # 4 ms of work a pass: 12% of a core at 30 a second
    assert p.interval_s == pytest.approx(0.1, rel=0.02)  # 4 ms / 4%: 10 passes a second
    for _ in range(60):
        p.passed()
        clocks.spend(max(p.wait(), 0.0), 0.1)  # a pathological view: never slower than 4 passes a second
    assert p.interval_s == pytest.approx(0.25)
    p.start()  # a new stream: at once, measured afresh
    assert p.wait() <= 0 and p.interval_s == pytest.approx(1 / 30)


def test_the_minimum_interval_wins_over_the_maximum() -> None:
    clocks = Clocks()
    p = PassPacer(5.0, 0.25, 0.04, clock=lambda: clocks.wall, cpu_clock=lambda: clocks.cpu)
    p.start()
    p.passed()
    assert p.wait() == pytest.approx(5.0)
