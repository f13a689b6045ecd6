"""Each admission worker thread keeps one event loop for its operations, closed when the
thread ends."""

from __future__ import annotations

import asyncio
import gc
import threading

from hardening.worker_loop import worker_loop


def test_a_worker_thread_keeps_one_loop_for_its_operations() -> None:
    loops: list[asyncio.AbstractEventLoop] = []
    still_open: list[bool] = []

    def twice() -> None:
        loops.extend([worker_loop(), worker_loop()])
        still_open.append(not loops[0].is_closed())

    worker = threading.Thread(target=twice)
    worker.start()
    worker.join()
    assert loops[0] is loops[1]
    assert still_open == [True]


def test_a_worker_threads_loop_is_closed_when_the_thread_ends() -> None:
    made: list[asyncio.AbstractEventLoop] = []
    worker = threading.Thread(target=lambda: made.append(worker_loop()))
    worker.start()
    worker.join()
    gc.collect()  # what the thread kept goes with its thread-local data
    assert made and made[0].is_closed()


def test_threads_have_loops_of_their_own() -> None:
    made: list[asyncio.AbstractEventLoop] = []
    workers = [threading.Thread(target=lambda: made.append(worker_loop())) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(made) == 2 and made[0] is not made[1]
