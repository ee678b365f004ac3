"""HTTP API over the knowledge graph (FastAPI). Build it with `api.app.create_app`."""
