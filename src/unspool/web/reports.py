"""Readers' reports: a small form on the thread page, posted without scripts or cookies."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..errors import InputError, NotFound, RateLimited
from ..store import moderation
from .site import Site, check_visible, get_site, thread_path

router = APIRouter(include_in_schema=False)
CROSS_ORIGIN = "Reports are only accepted from the form on this site's thread pages."


@router.post("/t/{thread_id}/report")
async def report(thread_id: str, request: Request, site: Site = Depends(get_site)) -> Response:
    if not same_origin(request, site):
        raise HTTPException(403, CROSS_ORIGIN)
    form = await _read_form(request)
    await run_in_threadpool(check_visible, site.store, thread_id)
    client = request.client.host if request.client else "unknown"
    try:
        await run_in_threadpool(
            moderation.add_report, site.store, thread_id, form.get("reason", ""), form.get("details", ""), client
        )
    except RateLimited as exc:
        raise HTTPException(429, str(exc), headers={"Retry-After": "3600"}) from None
    except NotFound:  # hidden or deleted since the check
        raise HTTPException(404, "No thread with this id is stored here.") from None
    except InputError as exc:
        raise HTTPException(400, f"The report was not sent: {exc}.") from None
    # Post/redirect/get: reloading the thank-you page sends nothing twice.
    return RedirectResponse(f"{thread_path(thread_id)}/reported", status_code=303)


@router.get("/t/{thread_id}/reported")
def reported(thread_id: str, site: Site = Depends(get_site)) -> Response:
    return site.page(
        "message.html",
        heading="Thank you",
        message="Your report was sent. The operators of this site will review it.",
        hint=None,
        headers={"Cache-Control": "no-store"},
    )


def same_origin(request: Request, site: Site) -> bool:
    """The CSRF check of a site without cookies: the browser must vouch that the form was
    posted from this site. Sec-Fetch-Site (sent by current browsers whatever the referrer
    policy) decides; without it, Origin, then Referer, must be this site's origin. A request
    that shows none of them, or `Origin: null`, is refused."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site == "same-origin"
    expected = _origin(site.base_url(request))
    origin = request.headers.get("origin")
    if origin is not None:
        return origin != "null" and _origin(origin) == expected
    referer = request.headers.get("referer")
    return bool(referer) and _origin(referer) == expected


def _origin(url: str) -> str | None:
    try:
        parts = urlsplit(url.strip())
        scheme, host, port = parts.scheme.lower(), (parts.hostname or "").lower(), parts.port
    except ValueError:
        return None
    if not scheme or not host:
        return None
    if port is None or (scheme, port) in (("https", 443), ("http", 80)):
        return f"{scheme}://{host}"
    return f"{scheme}://{host}:{port}"


async def _read_form(request: Request) -> dict[str, str]:
    """The urlencoded form (no multipart parser needed for two text fields); its size is
    bounded by `middleware.BodyLimit` (16 KB: a reason and 1000 characters of details fit)."""
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
        raise HTTPException(400, "Send the report with the form on the thread page.")
    body = await request.body()
    try:
        fields = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True, max_num_fields=10)
    except ValueError:
        raise HTTPException(400, "Send the report with the form on the thread page.") from None
    return {name: values[0] for name, values in fields.items()}
