"""`SiteApp`: FastAPI with the page cache (web/cache.py) as its outermost layer.

A hit skips FastAPI's own layers (error pages, the router), our middleware and the route, which
together cost several times the hit itself; it sends what those layers sent when the page was
rendered, security headers included, and no body for HEAD.
"""

from __future__ import annotations

from fastapi import FastAPI

from .cache import CachedSite


class SiteApp(FastAPI):
    page_cache: CachedSite | None = None

    async def __call__(self, scope, receive, send):
        cache = self.page_cache
        if cache is not None and scope["type"] == "http":
            await cache.handle(scope, receive, send, super().__call__)
            return
        await super().__call__(scope, receive, send)
