"""Progress of `kg ingest`, `kg extract` and `kg load`: done, failed and remaining, and a rate (words/s of
article text, or quads/s for `kg load`).

The commands report to a `Progress`; the plain one shows nothing (cron logs stay quiet), and the CLI gives a
`ProgressBar` (rich) only when standard error is a terminal.
"""

from __future__ import annotations

from typing import Any, Self


class Progress:
    """Told the size of a run, then of each item done or failed; shows nothing."""

    def start(self, total: int) -> None:
        """`total` items are to be done."""

    def advance(self, *, failed: bool = False, amount: int = 0) -> None:
        """One item is done (or failed); `amount` is its size in the rate's unit (words, quads)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


class ProgressBar(Progress):
    """A bar on standard error, gone when the run ends: `ingest ━━━━━━━  40 done · 1 failed · 11 left · 2,871 words/s`."""

    def __init__(self, description: str, unit: str, *, console: Any = None) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, ProgressColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as RichProgress
        from rich.text import Text

        class Counts(ProgressColumn):
            def render(self, task: Any) -> Text:
                done, failed = task.fields["done"], task.fields["failed"]
                left = max(0, int(task.total or 0) - done - failed)
                return Text(f"{done:,} done · {failed:,} failed · {left:,} left")

        class Rate(ProgressColumn):
            def render(self, task: Any) -> Text:
                elapsed = task.elapsed or 0.0
                return Text(f"{task.fields['amount'] / elapsed:,.0f} {unit}/s" if elapsed > 0.5 else f"… {unit}/s")

        self._bar = RichProgress(
            TextColumn(description), BarColumn(), Counts(), Rate(), TimeElapsedColumn(),
            console=console or Console(stderr=True), transient=True,
        )
        self._task: Any = None
        self._counts = {"done": 0, "failed": 0, "amount": 0}

    def start(self, total: int) -> None:
        self._task = self._bar.add_task("", total=total, **self._counts)
        self._bar.start()

    def advance(self, *, failed: bool = False, amount: int = 0) -> None:
        self._counts["failed" if failed else "done"] += 1
        self._counts["amount"] += amount
        self._bar.update(self._task, advance=1, **self._counts)

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()
