"""Admission sizes itself to the machine, refuses at once when full, and gives a slot back
only when the operation in it has really stopped, not when its client stopped waiting."""

from __future__ import annotations

import threading
from concurrent.futures import TimeoutError as FutureTimeout

import pytest

from hardening.admission import Admission, default_workers, make_admission
from settings import Settings


def test_the_default_is_one_worker_per_core_and_a_short_queue(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    admission = make_admission(Settings())
    try:
        assert admission.workers == 2
        # short: 16 places at most, fewer when the budget would run out first (tested below)
        assert admission.limit - admission.workers == Settings().queue_size <= 16
    finally:
        admission.close()
    assert default_workers(64) == 16  # capped: more threads than that only share the GIL


def test_a_full_admission_refuses_at_once() -> None:
    admission = Admission(workers=1, queue=1)
    gate = threading.Event()
    try:
        running, waiting = admission.submit(gate.wait), admission.submit(gate.wait)
        assert running is not None and waiting is not None
        assert admission.submit(gate.wait) is None  # no wait: refused while both are held
    finally:
        gate.set()
        admission.close()


def test_a_slot_is_given_back_when_its_operation_stops_not_when_its_client_gives_up() -> None:
    admission = Admission(workers=1, queue=0)
    gate, stopped = threading.Event(), threading.Event()

    def operation() -> None:
        gate.wait()  # an operation told to stop, still finishing its current field
        stopped.set()

    try:
        future = admission.submit(operation)
        assert future is not None
        with pytest.raises(FutureTimeout):
            future.result(timeout=0.05)  # the client's budget ran out
        assert admission.in_flight == 1 and admission.submit(operation) is None
        gate.set()  # the operation reaches its next checkpoint and stops
        future.result(timeout=30)
        assert stopped.is_set()
        for _ in range(3000):  # the slot is released by the future's done callback
            if admission.in_flight == 0:
                break
            threading.Event().wait(0.01)
        assert admission.in_flight == 0
        again = admission.submit(lambda: "ran")
        assert again is not None and again.result(timeout=30) == "ran"
    finally:
        gate.set()
        admission.close()


def test_a_queued_operation_whose_client_gave_up_never_runs_and_frees_its_place() -> None:
    admission = Admission(workers=1, queue=1)
    gate = threading.Event()
    ran: list[str] = []
    try:
        first = admission.submit(gate.wait)
        queued = admission.submit(lambda: ran.append("queued"))
        assert first is not None and queued is not None
        assert queued.cancel()  # what the view does when the budget ends before a worker is free
        assert admission.in_flight == 1
        gate.set()
        first.result(timeout=30)
    finally:
        gate.set()
        admission.close()
    assert ran == []


class Clock:
    """A clock the test moves: each operation below 'runs' for ``step`` seconds."""

    def __init__(self, step: float) -> None:
        self.now, self.step, self.calls = 0.0, step, 0

    def __call__(self) -> float:
        self.calls += 1
        if self.calls % 2 == 0:  # the second reading of a run: it ends ``step`` later
            self.now += self.step
        return self.now


def test_a_request_that_could_not_finish_within_its_budget_is_refused_before_queueing() -> None:
    admission = Admission(workers=1, queue=8, clock=Clock(step=1.0))
    gate = threading.Event()
    try:
        measured = admission.submit(lambda: None)
        assert measured is not None
        measured.result(timeout=30)
        assert admission.mean_seconds == 1.0  # one operation, measured at one second
        running = admission.submit(gate.wait, budget=2.0)  # a free worker: always admitted
        queued = admission.submit(gate.wait, budget=2.0)  # half a run to wait, one to run
        assert running is not None and queued is not None
        # one queued ahead: 1 + 0.5 + 1 = 2.5 expected seconds, over a 2 s budget
        assert admission.submit(gate.wait, budget=2.0) is None
        assert admission.submit(gate.wait, budget=3.0) is not None  # a longer budget waits
        assert admission.submit(gate.wait) is not None  # no budget: only the queue bounds it
    finally:
        gate.set()
        admission.close()
