"""The public website and JSON API (FastAPI), one view module per resource."""

from .app import create_app

__all__ = ["create_app"]
