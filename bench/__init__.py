"""The load benchmark run by ``make bench`` (see ``bench/run.py``)."""
