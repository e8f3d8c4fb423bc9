"""Progress of long work on stderr, never on stdout (where the report goes): the ScanCode index
load, then files scanned of the total with the rate and the time left.

On a terminal, one line redrawn in place with a bar; elsewhere (a CI log, a file), a plain line
at most every LOG_EVERY seconds and one at the end, so that a quick run prints nothing but the
end and a slow one is never silent for long. `Silent` is for --quiet and for callers that want none.
"""
from __future__ import annotations

import sys
import time
from typing import Protocol, TextIO

from mof_action.escaping import terminal_text

BAR = 24
LOG_EVERY = 30.0  # seconds between plain lines
REDRAW_EVERY = 0.1  # seconds between redraws of a terminal line


class Progress(Protocol):
    def phase(self, text: str) -> None:
        """A step with no count (loading the license index)."""
        ...

    def start(self, total: int, done: int = 0) -> None:
        """`total` files to account for, `done` of them already (from the cache)."""
        ...

    def advance(self, n: int = 1) -> None: ...

    def finish(self) -> None: ...


class Silent:
    def phase(self, text: str) -> None:
        pass

    def start(self, total: int, done: int = 0) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass


def duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    return f"{seconds} s" if seconds < 60 else f"{seconds // 60} min {seconds % 60:02d} s"


class Reporter:
    """Progress for a person: a bar on a terminal (`tty`), sparse plain lines otherwise."""

    def __init__(self, stream: TextIO | None = None, *, tty: bool | None = None, clock=time.monotonic) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.clock = clock
        self.total = self.done = self.first = 0
        self.began = self.last = self.phase_began = 0.0
        self.phase_text: str | None = None
        self.drawn = False

    def _write(self, line: str) -> None:
        line = terminal_text(line)
        if self.tty:
            self.stream.write("\r\x1b[K" + line)
            self.drawn = True
        else:
            self.stream.write(f"mof-action: {line}\n")
        self.stream.flush()

    def _end_line(self) -> None:
        if self.tty and self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False

    def phase(self, text: str) -> None:
        self._close_phase()
        self.phase_text, self.phase_began = text, self.clock()
        self._write(f"{text}…")

    def _close_phase(self) -> None:
        if self.phase_text is not None:
            self._write(f"{self.phase_text}: {duration(self.clock() - self.phase_began)}")
            self._end_line()
            self.phase_text = None

    def start(self, total: int, done: int = 0) -> None:
        self._close_phase()
        self.total, self.done, self.first = total, done, done
        self.began = self.last = self.clock()
        if self.tty:
            self._write(self._line())

    def _line(self) -> str:
        elapsed = self.clock() - self.began
        fresh = self.done - self.first
        rate = fresh / elapsed if elapsed > 0 and fresh else 0.0
        left = (self.total - self.done) / rate if rate else None
        share = self.done / self.total if self.total else 1.0
        tail = f", {rate:.1f} files/s, {duration(left)} left" if left is not None and self.done < self.total else ""
        if self.tty:
            filled = int(share * BAR)
            return f"scanning [{'#' * filled}{'.' * (BAR - filled)}] {self.done}/{self.total} files{tail}"
        return f"scanned {self.done} of {self.total} files ({int(share * 100)}%){tail}"

    def advance(self, n: int = 1) -> None:
        self.done += n
        now = self.clock()
        if now - self.last >= (REDRAW_EVERY if self.tty else LOG_EVERY):
            self.last = now
            self._write(self._line())

    def finish(self) -> None:
        self._close_phase()
        if self.total:
            from_cache = f", {self.first} from cache" if self.first else ""
            self._write(f"scanned {self.total} files in {duration(self.clock() - self.began)}{from_cache}")
            self._end_line()
            self.total = 0


def for_cli(*, quiet: bool, forced: bool, stream: TextIO | None = None) -> Progress:
    """--quiet: none; --progress: always; else only when stderr is a terminal."""
    stream = stream if stream is not None else sys.stderr
    if quiet:
        return Silent()
    if forced or stream.isatty():
        return Reporter(stream)
    return Silent()
