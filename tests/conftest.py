"""Suite-wide settings. Each area keeps its fixtures in its own tests/<area>/conftest.py."""

import os

os.umask(0o077)
