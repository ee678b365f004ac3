"""The extract stage: a spaCy `Doc` of one cleaned article → an `Extraction` of plain dataclasses.

Each module reads one kind of fact from an `ExtractionContext`; `kg.extract.pipeline.extract` runs them
in order (entities first, since every other reader refers to them).
"""
