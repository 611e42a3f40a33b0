"""Requests from outside, made in a browser on an organisation's intake page (issue 14,
docs/format.md §12): the members' side. See `service.py`."""
