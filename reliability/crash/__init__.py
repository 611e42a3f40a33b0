"""Crash consistency: kill the command line at random moments and check what it left.

    .venv/bin/python -m reliability.crash [--kills 100] [--seed N] [--ops a,b] [--report F]
    make crash CRASH_KILLS=100
"""
