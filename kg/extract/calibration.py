"""What a rule's confidence means: the share of right rows measured on the development corpus.

Each reading rule gives its facts a raw confidence (its mechanism's base, less penalties for a weak parse). Those
numbers rank readings but are no probabilities: measured by `scripts/calibration.py` on the development corpus
(every row of the exhaustive canned questions, judged by the scorer against the gold), the rows of raw confidence
0.5 were right as often as those of 0.8. `RAW_TO_CALIBRATED` maps a raw confidence to the share of right rows of
its band, pooled where a lower band was right more often than a higher one (pool-adjacent-violators), so the
map never reverses the rules' order. Refit it after changing the rules: ingest each set with `KG_CALIBRATED=false`, then
`scripts/calibration.py --fit SET=STORE ...` prints the new table.
"""

from __future__ import annotations

import bisect

# (lowest raw confidence of a run of bands, share of right rows in that run); fitted on 1,977 judged rows of
# eval/dev, own, tune2 to tune6 and heldout3 (now tune9) to heldout6 (extractor 7).
RAW_TO_CALIBRATED = ((0.0, 0.8), (0.4, 0.87), (0.5, 0.94), (0.6, 0.96), (0.7, 0.97), (0.8, 0.98), (0.9, 1.0))
_LOWS = [low for low, _ in RAW_TO_CALIBRATED]


def calibrated(raw: float) -> float:
    """The calibrated confidence of a reading whose rule gave it `raw` (0 to 1)."""
    return RAW_TO_CALIBRATED[max(0, bisect.bisect_right(_LOWS, raw) - 1)][1]
