"""The web application: JSON API under /api (OpenAPI at /docs), pages everywhere else."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from ..store import Store
from . import api, pages
from .data import Data

MAX_REQUEST_BYTES = int(os.environ.get("NEWSFUSE_MAX_REQUEST_BYTES", 10_000_000))


def create_app(db: str | None = None, token: str | None = None) -> FastAPI:
    """``token`` (else ``NEWSFUSE_TOKEN``) enables POST /api/articles; without one, the server
    only reads."""
    app = FastAPI(title="newsfuse", summary="Stories with sourced, cross-checked facts.")
    app.state.data = Data(Store(db))
    app.state.token = token or os.environ.get("NEWSFUSE_TOKEN") or None

    @app.middleware("http")
    async def limit_size(request: Request, call_next):
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_REQUEST_BYTES):
            return JSONResponse({"detail": f"request over {MAX_REQUEST_BYTES} bytes"}, status_code=413)
        if length is None and request.method in {"POST", "PUT", "PATCH"}:
            return JSONResponse({"detail": "a Content-Length header is required"}, status_code=411)
        return await call_next(request)

    app.include_router(api.router)
    app.include_router(pages.router)
    # Static files come from the package folder alone: no route reads a path from the request.
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    return app
