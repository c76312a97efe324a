"""WordPress posts in reports: how a post is labelled, and posts ordered worst first.

Each post of an export is its own result (``export.xml#slug``, see linting.lint_export)
with a ``wordpress`` section; these helpers let the text, HTML and Markdown reports say
which post a result is and list the posts an editor should fix first.
"""

from __future__ import annotations

from typing import Any


def post_of(result: Any) -> dict[str, str] | None:
    post = result.sections.get("wordpress") if result.sections else None
    return post if isinstance(post, dict) else None


def _printable(text: str) -> str:
    return "".join(ch if ch.isprintable() else " " for ch in text)


def post_label(result: Any) -> str | None:
    """'WordPress post · draft · "Title"', or None for an ordinary file."""
    post = post_of(result)
    if post is None:
        return None
    title = _printable(str(post.get("title") or ""))
    return f"WordPress {post.get('type') or 'post'} · {post.get('status') or ''}" + (f' · "{title}"' if title else "")


def posts_worst_first(results: list[Any]) -> list[tuple[int, Any]]:
    """(index in the report, result) for each post, lowest score first; unscored posts last."""
    posts = [(n, r) for n, r in enumerate(results) if post_of(r) is not None]
    return sorted(posts, key=lambda item: (item[1].score is None, item[1].score["total"] if item[1].score else 0, item[0]))


def file_of(result: Any) -> str:
    """The file on disk a result's findings are in: the export for a post, else its path."""
    post = post_of(result)
    return str(post.get("file") or result.path) if post else result.path
