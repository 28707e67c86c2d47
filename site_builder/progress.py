"""Progress on a terminal for long runs: silent when stderr is not a TTY or the run is short."""
from __future__ import annotations

import sys
import time
from typing import TextIO

DELAY = 2.0      # seconds before anything is shown
INTERVAL = 0.2   # seconds between updates


class Progress:
    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.start = time.monotonic()
        self.last = 0.0
        self.shown = False

    def update(self, what: str, done: int, total: int | None = None) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.start < DELAY or now - self.last < INTERVAL:
            return
        self.last = now
        count = f"{done}/{total}" if total else str(done)
        self.stream.write(f"\r\033[K{what}: {count}")
        self.stream.flush()
        self.shown = True

    def note(self, text: str) -> None:
        if self.enabled and time.monotonic() - self.start >= DELAY:
            self.stream.write(f"\r\033[K{text}")
            self.stream.flush()
            self.shown = True

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self.shown = False
