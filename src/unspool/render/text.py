"""Plain text: the article as a person would paste it into an email."""

from __future__ import annotations

from unspool.model import Post, Thread
from unspool.render import common


def _media_lines(post: Post) -> list[str]:
    lines = []
    for media in post.media:
        alt = " ".join(common.clean_text(media.alt).split())
        if media.type == "image":
            lines.append(f"[image: {alt}]" if alt else "[image]")
        else:
            url = common.safe_url(media.url)
            label = f"[{media.type}: {alt}]" if alt else f"[{media.type}]"
            lines.append(f"{label} {url}" if url else label)
    return lines


def post_text(post: Post, *, keep_numbering: bool, nested: bool = False) -> str:
    parts = []
    for segment in common.display_segments(post, keep_numbering):
        # Links as their full URL: the shortened display text is useless on paper.
        href = common.link_target(segment) if segment.kind == "link" else None
        parts.append(href or segment.text)
    paragraphs = ["\n".join(line.rstrip() for line in "".join(parts).strip().split("\n"))]
    paragraphs += _media_lines(post)
    if post.content_warning and post.content_warning.strip():
        paragraphs.insert(0, f"[Content warning: {' '.join(common.clean_text(post.content_warning).split())}]")
    if post.quoted and not nested:
        quoted = post.quoted
        header = f"{common.author_name(quoted.author)} ({common.at_handle(quoted.author.handle)}):"
        body = post_text(quoted, keep_numbering=True, nested=True)
        url = common.safe_url(quoted.url)
        lines = [header, *body.split("\n"), *([url] if url else [])]
        paragraphs.append("\n".join(f"> {line}".rstrip() for line in lines))
    return "\n".join(paragraph for paragraph in paragraphs if paragraph)


def render_text(thread: Thread, *, keep_numbering: bool = False) -> str:
    author = thread.author
    header = [
        common.thread_title(thread),
        f"by {common.author_name(author)} ({common.at_handle(author.handle)})",
        common.human_date(thread.created_at),
    ]
    if url := common.safe_url(thread.url):
        header.append(url)
    if thread.root.reply_to_handle and thread.root.reply_to_handle.strip():
        header.append(f"Replying to {common.at_handle(thread.root.reply_to_handle)}")
    posts = [post_text(post, keep_numbering=keep_numbering) for post in thread.posts]
    return "\n\n".join(["\n".join(header), *(text for text in posts if text)]) + "\n"
