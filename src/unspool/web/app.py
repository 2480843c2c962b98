"""The public site: create_app(settings) builds the FastAPI app; `unspool serve` runs it."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from dataclasses import replace

from anyio import to_thread
from fastapi import FastAPI

from .. import __version__
from ..config import Settings
from ..store import Store
from . import admin, api, authors, errors, feeds, health, home, reports, search, static, threads, unrolls
from .middleware import BodyLimit, HeadAsGet, KnownHost, SecurityHeaders
from ..store.changes import ChangeFeed
from .cache import CachedSite, PageCache, RequestKeys, query_names
from .pagecache import SiteApp
from .site import Site


def create_app(settings: Settings, *, public_url: str | None = None, store: Store | None = None) -> FastAPI:
    """`public_url` (else `settings.public_url`) fixes the origin of absolute links; without it
    the request's Host is used when it is one of `settings.site_hosts` (web/origin.py)."""
    if public_url:
        settings = replace(settings, public_url=public_url)
    site = Site(
        settings=settings,
        # Once per process: one engine, one pool. Up to 15 pooled SQLite connections each keep a
        # page cache: 2 MB each (SQLite's default) rather than the import's 16 MB, or a server's
        # memory grows by a few hundred MB as they warm (the OS caches the file anyway).
        store=store or Store.open(settings.database_url, cache_kib=2048),
        public_url=settings.public_url,
        admin_token=_admin_token(settings.admin_token),
    )

    feed = ChangeFeed(site.store.engine)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        try:  # connect and start listening now, off the event loop, rather than at the first request
            await to_thread.run_sync(feed.poll)
        except Exception:
            logging.getLogger("unspool.web").warning("the page cache could not follow changes yet", exc_info=True)
        yield
        feed.close()
        site.store.close()

    app = SiteApp(  # FastAPI, with the page cache in front (cache.py)
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
    for module in (home, unrolls, threads, reports, authors, search, feeds, api, admin, health, static):
        app.include_router(module.router)
    site.cache = PageCache(feed, max_bytes=settings.page_cache_mb << 20)
    app.page_cache = CachedSite(site.cache, RequestKeys(site.origin, query_names(app)))
    app.add_middleware(BodyLimit)
    app.add_middleware(KnownHost, origin=site.origin)
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityHeaders)  # added last: outermost, so it sees every response
    return app


def app_from_env() -> FastAPI:
    """The app factory servers import in each worker process (`unspool serve --workers N`, or
    e.g. `granian --interface asgi --factory unspool.web.app:app_from_env`). Settings come from
    the environment (`Settings.from_env`; `unspool serve` writes them there with
    `Settings.to_env`): workers are separate processes."""
    return create_app(Settings.from_env())


def _admin_token(token: str | None) -> str | None:
    """$UNSPOOL_ADMIN_TOKEN, when long enough to resist guessing; otherwise the admin API is off."""
    if token and len(token) < admin.MIN_TOKEN_CHARS:
        logging.getLogger("unspool.web").warning(
            "UNSPOOL_ADMIN_TOKEN is shorter than %d characters: the admin API stays disabled", admin.MIN_TOKEN_CHARS
        )
        return None
    return token or None
