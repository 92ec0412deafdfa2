"""The roll-up runs: full, per ward, incremental (see ``runs.py``)."""
