"""Calibration: a rule's raw confidence becomes the share of right rows measured for it, never reordered."""

import spacy

from kg.extract.calibration import RAW_TO_CALIBRATED, calibrated
from kg.extract.context import ExtractionContext
from kg.model import Article, CleanedText


def test_calibration_never_reverses_the_rules_order_and_stays_a_probability():
    raws = [i / 100 for i in range(101)]
    values = [calibrated(raw) for raw in raws]
    assert values == sorted(values) and all(0 < v <= 1 for v in values)
    assert calibrated(0.95) > calibrated(0.55)
    assert [calibrated(low) for low, _ in RAW_TO_CALIBRATED] == [value for _, value in RAW_TO_CALIBRATED]


def test_evidence_gets_the_calibrated_confidence_unless_the_raw_one_is_asked_for():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    text = "Police detained 40 migrants."
    doc = nlp(text)
    article = Article(id="a", text=text, content_hash="h")
    for flag, expected in ((True, calibrated(0.55)), (False, 0.55)):
        ctx = ExtractionContext(doc, article, CleanedText.identity(text), calibrated=flag)
        assert ctx.evidence(doc[0:4], "test", 0.55).confidence == expected
