"""EPUB 3 via EbookLib: one chapter holding the whole thread, plus nav and NCX."""

from __future__ import annotations

import io

from ebooklib import epub

from unspool.model import Thread
from unspool.render import common
from unspool.render.html import environment, thread_context

EPUB_CSS = """
body { font-family: serif; line-height: 1.5; }
.byline, .meta, .context { color: #555; }
.post { margin: 0 0 1em; }
.quote { margin: 1em 0; padding: 0.5em 1em; border-left: 3px solid #999; }
"""


def render_epub(thread: Thread) -> bytes:
    # Remote media stay links: embedding would mean fetching, and renderers do no I/O.
    context = thread_context(thread, keep_numbering=False)
    title, lang = context["title"], context["lang"]

    book = epub.EpubBook()
    book.set_identifier(f"unspool:{common.clean_text(thread.id)}")
    book.set_title(title)
    book.set_language(lang)
    book.add_author(context["author"].name)
    book.add_metadata("DC", "date", context["created_iso"])
    if context["url"]:
        book.add_metadata("DC", "source", context["url"])

    style = epub.EpubItem(uid="style", file_name="style.css", media_type="text/css", content=EPUB_CSS.encode())
    chapter = epub.EpubHtml(title=title, file_name="thread.xhtml", lang=lang)
    # Bytes, not str: EbookLib re-parses the chapter with an explicit UTF-8 parser.
    chapter.content = environment().get_template("chapter.xhtml").render(context).encode("utf-8")
    chapter.add_item(style)

    book.add_item(style)
    book.add_item(chapter)
    book.toc = (epub.Link("thread.xhtml", title, "thread"),)
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = ["nav", chapter]

    buffer = io.BytesIO()
    epub.write_epub(buffer, book, {"raise_exceptions": True})
    return buffer.getvalue()
