"""Settings: read once from UNSPOOL_* variables, written back whole for worker processes
(`to_env`), and every one of them documented in the README's settings table."""

from __future__ import annotations

import os
import re
from dataclasses import fields
from pathlib import Path
from unittest import mock

import pytest

from unspool.config import DEFAULT_SITE_HOSTS, Settings
from unspool.errors import InputError

README = Path(__file__).resolve().parents[1] / "README.md"


def env_with(**values: str) -> dict[str, str]:
    return {**{k: v for k, v in os.environ.items() if not k.startswith("UNSPOOL_")}, **values}


def test_every_setting_goes_to_worker_processes_and_back(tmp_path):
    """`unspool serve` hands settings to its workers through the environment: all of them."""
    every = env_with(
        UNSPOOL_DATA_DIR=str(tmp_path), UNSPOOL_DATABASE_URL="sqlite:///elsewhere.db", UNSPOOL_MEDIA_DIR=str(tmp_path / "m"),
        UNSPOOL_PUBLIC_URL="https://unspool.example", UNSPOOL_ADMIN_TOKEN="a-token-of-enough-length",
        UNSPOOL_SITE_HOSTS="unspool.example, Other.example:8443", UNSPOOL_FORWARDED_ALLOW_IPS="10.0.0.1,192.168.0.0/16",
        UNSPOOL_ALLOW_HOSTS="fake.example:9000", UNSPOOL_X_BEARER_TOKEN="xb", UNSPOOL_X_API_BASE="http://x.example",
        UNSPOOL_BSKY_APPVIEW="http://appview.example", UNSPOOL_BSKY_PDS="http://pds.example", UNSPOOL_BSKY_HANDLE="h.example",
        UNSPOOL_BSKY_APP_PASSWORD="pw", UNSPOOL_BSKY_APPVIEW_DID="did:web:a.example",
        UNSPOOL_MASTODON_BASE_URL="http://m.example", UNSPOOL_MASTODON_TOKEN="mt", UNSPOOL_X_USER_TOKEN="ut",
        UNSPOOL_X_BOT_USER_ID="42", UNSPOOL_X_REFRESH_TOKEN="rt", UNSPOOL_X_CLIENT_ID="ci", UNSPOOL_X_CLIENT_SECRET="cs",
    )
    for environment in (every, env_with(UNSPOOL_DATA_DIR=str(tmp_path))):
        with mock.patch.dict(os.environ, environment, clear=True):
            settings = Settings.from_env()
        assert set(settings.to_env()) == {"UNSPOOL_" + item.name.upper() for item in fields(Settings)}
        with mock.patch.dict(os.environ, env_with(**settings.to_env()), clear=True):
            assert Settings.from_env() == settings
    assert settings.site_hosts == DEFAULT_SITE_HOSTS and settings.forwarded_allow_ips == () and settings.admin_token is None
    with mock.patch.dict(os.environ, every, clear=True):
        settings = Settings.from_env()
    assert settings.site_hosts == {"unspool.example", "other.example:8443"}
    assert settings.forwarded_allow_ips == ("10.0.0.1", "192.168.0.0/16")
    assert settings.admin_token == "a-token-of-enough-length"


def test_every_setting_is_in_a_readme_table():
    rows = [line for line in README.read_text().splitlines() if line.startswith("|")]
    documented = set(re.findall(r"`(UNSPOOL_[A-Z_]+)`", "\n".join(rows)))
    missing = {"UNSPOOL_" + item.name.upper() for item in fields(Settings)} - documented
    assert not missing, f"settings missing from the README's table: {sorted(missing)}"


@pytest.mark.parametrize(("name", "value", "message"), [
    ("UNSPOOL_SITE_HOSTS", "unspool.example,https://unspool.example", "UNSPOOL_SITE_HOSTS: 'https://unspool.example' is not a host[:port]"),
    ("UNSPOOL_SITE_HOSTS", "::1", "UNSPOOL_SITE_HOSTS: '::1' is not a host[:port] (IPv6 addresses in brackets)"),
    ("UNSPOOL_FORWARDED_ALLOW_IPS", "10.0.0.1,proxy", "forwarded-allow-ips: 'proxy' is not an IP address or network"),
])
def test_bad_values_are_one_clear_error(name, value, message):
    with mock.patch.dict(os.environ, env_with(**{name: value}), clear=True), pytest.raises(InputError) as error:
        Settings.from_env()
    assert str(error.value).startswith(message)
