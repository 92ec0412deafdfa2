"""Benchmarks of the project as a whole (``make bench`` runs ``bench_*.py``)."""
