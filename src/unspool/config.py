"""Settings, read once from the environment (CLI options override them) and passed down."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    media_dir: Path
    x_bearer_token: str | None = None
    x_api_base: str = "https://api.x.com/2"

    @classmethod
    def from_env(cls, database_url: str | None = None) -> Settings:
        data_dir = Path(os.environ.get("UNSPOOL_DATA_DIR") or _default_data_dir())
        url = database_url or os.environ.get("UNSPOOL_DATABASE_URL") or f"sqlite:///{data_dir / 'unspool.db'}"
        media_dir = Path(os.environ.get("UNSPOOL_MEDIA_DIR") or data_dir / "media")
        return cls(
            data_dir=data_dir,
            database_url=url,
            media_dir=media_dir,
            x_bearer_token=os.environ.get("UNSPOOL_X_BEARER_TOKEN") or None,
            x_api_base=os.environ.get("UNSPOOL_X_API_BASE") or "https://api.x.com/2",
        )


def _default_data_dir() -> str:
    from platformdirs import user_data_dir

    return user_data_dir("unspool", appauthor=False)
