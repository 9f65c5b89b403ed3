"""Benchmark suite: `python -m bench` (see __main__.py). Not part of the tests."""
