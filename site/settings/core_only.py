"""The editorial core alone: the test settings with no plugin installed.

`.ci/run` runs the catalogue and help tests with it, proving that the core works when the
``membership`` and ``buyer_space`` plugins are not installed.
"""

import os

os.environ["ESPACE_PLUGINS"] = ""

from .test import *  # noqa: E402, F403
