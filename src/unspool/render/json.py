"""JSON export: the thread as data (full text, numbering kept), with a fixed key order."""

from __future__ import annotations

import json

from unspool.model import Post, Thread
from unspool.render import common


def _post(post: Post) -> dict:
    quoted = post.quoted
    return {
        "id": post.id,
        "url": post.url,
        "created_at": common.iso(post.created_at),
        "text": post.text,
        "lang": post.lang,
        "media": [{"type": media.type, "url": media.url, "alt": media.alt} for media in post.media],
        "links": list(post.links),
        "quoted": (
            {"id": quoted.id, "url": quoted.url, "text": quoted.text, "author_handle": quoted.author.handle}
            if quoted
            else None
        ),
    }


def thread_data(thread: Thread) -> dict:
    author = thread.author
    return {
        "id": thread.id,
        "network": thread.network,
        "title": thread.title,
        "url": thread.url,
        "created_at": common.iso(thread.created_at),
        "author": {
            "handle": author.handle,
            "name": author.name,
            "url": author.profile_url,
            "avatar_url": author.avatar_url,
        },
        "posts": [_post(post) for post in thread.posts],
    }


def render_json(thread: Thread) -> str:
    data = thread_data(thread)
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        # Lone surrogates cannot be written as UTF-8; \u escapes keep the file valid.
        text = json.dumps(data, indent=2, ensure_ascii=True) + "\n"
    return text
