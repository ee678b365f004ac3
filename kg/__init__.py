"""Knowledge graph of coerced recruitment of migrants into Russia's war, built from news articles.

Pipeline stages, each a module: load → clean → annotate (spaCy) → extract (plain dataclasses) → map (RDF
quads) → store. `api/` builds on this package; this package never imports `api/`.
"""

__version__ = "0.1.0"

# Bumped whenever extraction output changes for the same input: a bump re-extracts every article.
EXTRACTOR_VERSION = "14"
