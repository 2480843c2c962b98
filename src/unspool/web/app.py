"""The public site: create_app(settings) builds the FastAPI app; `unspool serve` runs it."""

from __future__ import annotations

import os
from contextlib import asynccontextmanager

from fastapi import FastAPI

from .. import __version__
from ..config import Settings
from ..store import Store
from . import api, authors, errors, feeds, home, search, static, threads
from .middleware import HeadAsGet, SecurityHeaders
from .site import Site


def create_app(settings: Settings, *, public_url: str | None = None, store: Store | None = None) -> FastAPI:
    """`public_url` (or $UNSPOOL_PUBLIC_URL) fixes the origin of absolute links; without it the
    request's Host is used, which is fine behind a proxy that sets it."""
    site = Site(
        settings=settings,
        store=store or Store.open(settings.database_url),  # once per process: one engine, one pool
        public_url=(public_url or os.environ.get("UNSPOOL_PUBLIC_URL") or None),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        site.store.close()

    app = FastAPI(
        title="Unspool",
        version=__version__,
        description="Threads unrolled into readable articles. The JSON API lives under /api/v1.",
        lifespan=lifespan,
        # The interactive docs load scripts from a CDN, which the CSP forbids; the schema stays.
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.state.site = site
    errors.install(app)
    for module in (home, threads, authors, search, feeds, api, static):
        app.include_router(module.router)
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityHeaders)  # added last: outermost, so it sees every response
    return app
