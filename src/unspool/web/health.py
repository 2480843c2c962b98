"""`GET /healthz`: is the database reachable, how far behind is the bot (per network), how full
is the job queue, and how well does this process's page cache do."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy import text

from ..bot import states
from ..jobs import queue
from .site import Site, get_site

router = APIRouter(include_in_schema=False)


@router.get("/healthz")
def healthz(site: Site = Depends(get_site)) -> JSONResponse:
    headers = {"Cache-Control": "no-store"}
    try:
        with site.store.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        bot = states.status(site.store)
        jobs = queue.counts(site.store)
    except Exception:  # any database failure is "not healthy", never a 500 page
        return JSONResponse({"status": "error", "db": False, "bot": {}, "jobs": {}}, status_code=503, headers=headers)
    return JSONResponse({"status": "ok", "db": True, "bot": bot, "jobs": jobs, "cache": _cache_stats(site)}, headers=headers)


def _cache_stats(site: Site) -> dict:
    """This worker process's page cache (each process keeps its own)."""
    cache = site.cache
    if cache is None:
        return {}
    return {"entries": len(cache.entries), "bytes": cache.size_bytes, "hits": cache.hits, "misses": cache.misses,
            "hit_rate": cache.hit_rate}
