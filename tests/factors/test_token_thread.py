"""The token thread: one worker, results and exceptions handed back, resources made once."""

from __future__ import annotations

import threading

import pytest

from crypto.factors.token_thread import TokenThread, token_thread


class Boom(Exception):
    pass


def test_calls_run_on_one_dedicated_thread_and_return_results() -> None:
    worker = TokenThread("test-token")
    idents = {worker.call(threading.get_ident) for _ in range(5)}
    assert idents == {worker.ident}
    assert worker.ident != threading.get_ident()
    assert worker.call(lambda a, b=0: a + b, 2, b=3) == 5


def test_exceptions_propagate_to_the_caller_with_their_type() -> None:
    worker = TokenThread("test-token")

    def fail() -> None:
        raise Boom("from the worker")

    with pytest.raises(Boom, match="from the worker"):
        worker.call(fail)
    # The worker survives a failing job.
    assert worker.call(lambda: "still alive") == "still alive"


def test_a_job_submitting_to_its_own_thread_runs_inline_instead_of_deadlocking() -> None:
    worker = TokenThread("test-token")
    assert worker.call(lambda: worker.call(lambda: threading.get_ident())) == worker.ident


def test_cached_resources_are_created_once_per_key_and_only_on_the_worker() -> None:
    worker = TokenThread("test-token")
    made: list[str] = []

    def load(path: str) -> object:
        return worker.cached(("lib", path), lambda: made.append(path) or object())

    first = worker.call(load, "/a.so")
    assert worker.call(load, "/a.so") is first
    assert worker.call(load, "/b.so") is not first
    assert made == ["/a.so", "/b.so"]
    with pytest.raises(RuntimeError, match="outside the token thread"):
        worker.cached(("lib", "/a.so"), object)


def test_the_process_wide_thread_is_a_singleton_daemon() -> None:
    assert token_thread() is token_thread()
    name = token_thread().call(lambda: threading.current_thread().name)
    assert name == "scelle-token"
    assert token_thread().call(lambda: threading.current_thread().daemon)
