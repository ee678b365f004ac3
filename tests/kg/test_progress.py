"""The progress bar: done, failed and left, and a rate in the run's unit."""

from __future__ import annotations

import io
import time

from rich.console import Console

from kg.progress import ProgressBar


def test_progress_bar_shows_done_failed_left_and_the_rate():
    output = io.StringIO()
    bar = ProgressBar("ingest", "words", console=Console(file=output, force_terminal=True, width=150))
    with bar:
        bar.start(4)
        bar.advance(amount=1_000)
        bar.advance(failed=True)
        time.sleep(0.7)  # the rate shows once it means something
        bar.advance(amount=500)
    text = output.getvalue()
    assert "ingest" in text and "2 done · 1 failed · 1 left" in text
    assert " words/s" in text and "… words/s" not in text.rsplit("2 done", 1)[-1]
