"""Benchmarks of the validator against pytransitions, a bare dict loop and the parse floor (issue 7).

Run ``python -m bench`` (a few minutes) or ``python -m bench --smoke`` (a few seconds); see
``bench/run.py``. Not part of the installed package.
"""
