"""A guard for tests of crafted input: a regression fails within seconds instead of hanging."""

import multiprocessing

import pytest


def finishes_within(seconds: float, function, *args, **kwargs):
    """Run function(*args, **kwargs) in a forked process; fail, rather than hang, if it
    takes longer than `seconds`. Returns what it returns and raises what it raises.

    A process, not a thread: a regex running in C holds the GIL, so a thread left behind
    would stall the rest of the test run. Give it no database work."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    def run():
        try:
            outcome = ("result", function(*args, **kwargs))
        except BaseException as exc:  # handed to the test's process
            outcome = ("error", exc)
        try:
            sender.send(outcome)
        except Exception as exc:  # an answer that does not pickle
            sender.send(("error", RuntimeError(f"{outcome[1]!r} ({exc})")))

    process = context.Process(target=run, daemon=True)
    process.start()
    sender.close()
    try:
        if not receiver.poll(seconds):
            pytest.fail(f"{getattr(function, '__name__', function)} ran past {seconds} s")
        kind, value = receiver.recv()
    finally:
        process.kill()
        process.join()
        receiver.close()
    if kind == "error":
        raise value
    return value
