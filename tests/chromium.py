"""How Chromium is started headless, by the browser tests and by the load test's editor
(benchmarks/load/editor.py): Debian's chromium, and nothing that would call another host."""

import os

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
