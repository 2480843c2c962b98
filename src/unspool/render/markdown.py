"""Markdown with YAML front matter; post text is escaped so it can never become markup."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from unspool.model import Post, Thread
from unspool.render import common

# Inline characters CommonMark/GFM may read as markup anywhere in a line. "<" and "&"
# become entities: Python-Markdown, for one, does not honour "\\<" and would pass raw HTML.
_INLINE_SPECIAL = re.compile(r"[\\`*_\[\]()#<>~|&$]")
_ENTITIES = {"<": "&lt;", "&": "&amp;"}
# Block markers only matter at the start of a line (after the inline pass).
_LINE_START = re.compile(r"^([-+=])|^(\d+)([.)])")
# YAML forbids some of these even inside quoted scalars (JSON leaves them raw); the
# markup characters are escaped too, for renderers that show front matter as Markdown.
_YAML_ESCAPE = re.compile("[\x80-\x84\x86-\x9f\ud800-\udfff\ufeff\ufffe\uffff<>&\\[\\]]")


def yaml_quote(value: str) -> str:
    """A double-quoted YAML scalar (a JSON string is one, given printable characters)."""
    encoded = json.dumps(value, ensure_ascii=False)
    return _YAML_ESCAPE.sub(lambda match: f"\\u{ord(match.group(0)):04x}", encoded)


def escape(text: str, *, line_start: bool = False) -> str:
    text = _INLINE_SPECIAL.sub(lambda match: _ENTITIES.get(match.group(0)) or "\\" + match.group(0), text)
    if line_start:
        # Leading spaces would start an indented code block.
        text = _LINE_START.sub(_escape_marker, text.lstrip(" \t"))
    return text


def _escape_marker(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return match.group(2) + "\\" + match.group(3)


def md_url(url: str) -> str:
    """A URL safe inside `(...)`: characters that could end or confuse the destination encoded."""
    for char, code in (("(", "%28"), (")", "%29"), ("<", "%3C"), (">", "%3E"), (" ", "%20"), ('"', "%22")):
        url = url.replace(char, code)
    return url


def link(label: str, url: str) -> str:
    return f"[{escape(' '.join(label.split()))}]({md_url(url)})"


def _paragraph(pieces: list[common.Inline]) -> str:
    out, line_start = [], True
    for piece in pieces:
        if piece.kind == "br":
            out.append("\\\n")  # A CommonMark hard line break.
            line_start = True
            continue
        if piece.kind == "emoji":  # a custom emoji stays its ":shortcode:"
            rendered = escape(piece.text, line_start=line_start)
        else:
            rendered = link(piece.text, piece.href) if piece.href else escape(piece.text, line_start=line_start)
        out.append(rendered)
        # Whitespace-only text leaves the next piece at the start of the line.
        line_start = line_start and not rendered
    return "".join(out).rstrip()


def _media(post: Post) -> list[str]:
    blocks = []
    for media in post.media:
        alt = " ".join(common.clean_text(media.alt).split())
        url = common.safe_url(media.url)
        if not url:
            blocks.append(escape(f"[{media.type}: {alt}]" if alt else f"[{media.type}]", line_start=True))
        elif media.type == "image":
            blocks.append(f"![{escape(alt or 'Image')}]({md_url(url)})")
        else:
            blocks.append(link(f"▶ {media.type.capitalize()}{': ' + alt if alt else ''}", url))
    return blocks


def post_blocks(post: Post, *, keep_numbering: bool, nested: bool = False) -> list[str]:
    blocks = [_paragraph(p) for p in common.paragraphs(common.display_segments(post, keep_numbering))]
    blocks = [block for block in blocks if block]
    url = common.safe_url(post.url)
    if url and not nested:
        # A small link back to the original post, at the end of its last paragraph.
        arrow = f"[↗]({md_url(url)})"
        if blocks:
            blocks[-1] += " " + arrow
        else:
            blocks.append(arrow)
    blocks += _media(post)
    warning = " ".join(common.clean_text(post.content_warning or "").split())
    if warning:
        blocks.insert(0, f"**Content warning:** {escape(warning)}")
    if post.quoted and not nested:
        blocks.append(_quote(post.quoted))
    return blocks


def _quote(quoted: Post) -> str:
    header = f"**{escape(common.author_name(quoted.author))}** ({escape(common.at_handle(quoted.author.handle))})"
    blocks = [header, *post_blocks(quoted, keep_numbering=True, nested=True)]
    if url := common.safe_url(quoted.url):
        blocks.append(link("View quoted post", url))
    lines = "\n\n".join(blocks).split("\n")
    return "\n".join(f"> {line}" if line else ">" for line in lines)


def front_matter(thread: Thread) -> str:
    fields = {
        "title": common.thread_title(thread),
        "author": common.author_name(thread.author),
        "author_handle": common.clean_text(thread.author.handle),
        "date": common.iso(thread.created_at),
        "source": thread.url,
        "network": thread.network,
        "id": thread.id,
    }
    return "---\n" + "".join(f"{key}: {yaml_quote(value)}\n" for key, value in fields.items()) + "---\n"


def render_markdown(thread: Thread, *, keep_numbering: bool = False) -> str:
    author = thread.author
    byline = f"By {escape(common.author_name(author))} ({escape(common.at_handle(author.handle))})"
    if profile := common.safe_url(author.profile_url):
        byline = f"By {link(common.author_name(author), profile)} ({escape(common.at_handle(author.handle))})"
    byline += f" · {escape(common.human_date(thread.created_at))}"
    if url := common.safe_url(thread.url):
        byline += " · " + link(f"Read on {common.network_name(thread.network)}", url)
    blocks = [f"# {escape(common.thread_title(thread))}", byline]
    if thread.root.reply_to_handle and thread.root.reply_to_handle.strip():
        blocks.append(f"*Replying to {escape(common.at_handle(thread.root.reply_to_handle))}*")
    for post in thread.posts:
        blocks += post_blocks(post, keep_numbering=keep_numbering)
    return front_matter(thread) + "\n" + "\n\n".join(blocks) + "\n"


def render_index_markdown(entries: Sequence[tuple[Thread, str]], *, title: str = "Unspool threads") -> str:
    lines = [f"# {escape(common.clean_text(title))}", ""]
    for thread, href in entries:
        name = common.thread_title(thread)
        target = common.safe_url(href, allow_relative=True)
        entry = link(name, target) if target else escape(name)
        meta = (
            f"{common.author_name(thread.author)} ({common.at_handle(thread.author.handle)}), "
            f"{common.human_date(thread.created_at)}, {common.plural(len(thread.posts), 'post')}"
        )
        lines.append(f"- {entry} — {escape(meta)}")
    if not entries:
        lines.append("No threads yet.")
    return "\n".join(lines) + "\n"
