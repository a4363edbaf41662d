"""Work in a forked child process: its value, its errors, when forking is allowed."""

import os
import threading

import pytest

from generator.forked import ChildFailed, Forked, worth_forking


def _square(value):
    return value * value


def _fail(message):
    raise ValueError(message)


def _hang():
    threading.Event().wait()


def test_the_child_returns_its_value_and_the_time_it_took():
    value, seconds = Forked(_square, 12).result()
    assert value == 144 and seconds >= 0


def test_an_error_in_the_child_reaches_the_parent_with_its_traceback():
    child = Forked(_fail, "bad input")
    with pytest.raises(ChildFailed, match="(?s)Traceback.*ValueError: bad input"):
        child.result()
    with pytest.raises(ChildFailed, match="taken already"):
        child.result()


def test_a_child_whose_result_is_never_taken_is_stopped():
    with Forked(_hang) as child:
        process = child._process
        assert process.is_alive()
    assert not process.is_alive()


def test_forking_needs_enough_work_a_second_core_and_no_other_thread(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert worth_forking(5000, 2000)
    assert not worth_forking(1999, 2000)
    monkeypatch.setattr(threading, "active_count", lambda: 2)  # e.g. `mkdocs serve`'s server thread
    assert not worth_forking(5000, 2000)
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert not worth_forking(5000, 2000)
