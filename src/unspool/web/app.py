"""The public site: create_app(settings) builds the FastAPI app; `unspool serve` runs it."""

from __future__ import annotations

import logging
import os
from contextlib import asynccontextmanager

from fastapi import FastAPI

from .. import __version__
from ..config import Settings
from ..store import Store
from . import admin, api, authors, errors, feeds, health, home, reports, search, static, threads, unrolls
from .middleware import HeadAsGet, SecurityHeaders
from .pagecache import SiteApp, ThreadPageCache
from .site import Site


def create_app(settings: Settings, *, public_url: str | None = None, store: Store | None = None) -> FastAPI:
    """`public_url` (or $UNSPOOL_PUBLIC_URL) fixes the origin of absolute links; without it the
    request's Host is used, which is fine behind a proxy that sets it."""
    site = Site(
        settings=settings,
        store=store or Store.open(settings.database_url),  # once per process: one engine, one pool
        public_url=(public_url or os.environ.get("UNSPOOL_PUBLIC_URL") or None),
        admin_token=_admin_token(),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        site.store.close()

    app = SiteApp(  # FastAPI, with cached thread pages served in front (pagecache.py)
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
    app.page_cache = ThreadPageCache(site)
    errors.install(app)
    for module in (home, unrolls, threads, reports, authors, search, feeds, api, admin, health, static):
        app.include_router(module.router)
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityHeaders)  # added last: outermost, so it sees every response
    return app


def app_from_env() -> FastAPI:
    """The app factory servers import in each worker process (`unspool serve --workers N`, or
    e.g. `granian --interface asgi --factory unspool.web.app:app_from_env`). Settings come from
    the environment ($UNSPOOL_DATA_DIR, $UNSPOOL_DATABASE_URL, $UNSPOOL_MEDIA_DIR,
    $UNSPOOL_PUBLIC_URL, $UNSPOOL_ADMIN_TOKEN): workers are separate processes."""
    return create_app(Settings.from_env())


def _admin_token() -> str | None:
    """$UNSPOOL_ADMIN_TOKEN, when long enough to resist guessing; otherwise the admin API is off."""
    token = os.environ.get("UNSPOOL_ADMIN_TOKEN", "").strip()
    if token and len(token) < admin.MIN_TOKEN_CHARS:
        logging.getLogger("unspool.web").warning(
            "UNSPOOL_ADMIN_TOKEN is shorter than %d characters: the admin API stays disabled", admin.MIN_TOKEN_CHARS
        )
        return None
    return token or None
