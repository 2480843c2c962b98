"""Renderers: pure functions from a Thread to text, Markdown, HTML, JSON or EPUB."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from unspool.render.epub import render_epub
from unspool.render.html import render_html, render_index_html
from unspool.render.json import render_json
from unspool.render.markdown import render_index_markdown, render_markdown
from unspool.render.text import render_text


class Format(NamedTuple):
    render: Callable[..., str | bytes]
    extension: str
    media_type: str


FORMATS: dict[str, Format] = {
    "txt": Format(render_text, "txt", "text/plain; charset=utf-8"),
    "md": Format(render_markdown, "md", "text/markdown; charset=utf-8"),
    "html": Format(render_html, "html", "text/html; charset=utf-8"),
    "json": Format(render_json, "json", "application/json"),
    "epub": Format(render_epub, "epub", "application/epub+zip"),
}

__all__ = [
    "FORMATS",
    "Format",
    "render_epub",
    "render_html",
    "render_index_html",
    "render_index_markdown",
    "render_json",
    "render_markdown",
    "render_text",
]
