"""One exception family whose messages a user can act on."""


class UnspoolError(Exception):
    """Base class: the message is shown to the user as one line."""


class InputError(UnspoolError):
    """The input (archive, file, reference) is unusable."""


class NotFound(UnspoolError):
    """A thread, post or author is not in the store."""


class StoreError(UnspoolError):
    """The database could not be opened or written."""


class Blocked(UnspoolError):
    """The author is blocked on this server (opted out, or blocked by its operators)."""


class RateLimited(UnspoolError):
    """Too many requests: from one reporter here, or from us to a remote server (HTTP 429).
    `retry_after` is the wait in seconds when known; `url` the remote URL, if any."""

    def __init__(self, message: str, *, retry_after: float | None = None, url: str | None = None):
        super().__init__(message)
        self.retry_after = retry_after
        self.url = url


class FetchError(UnspoolError):
    """Fetching from a remote server failed; `url` is what was being fetched."""

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None):
        super().__init__(message)
        self.url = url
        self.status = status


class FetchRefused(FetchError):
    """The SSRF guard refused the URL: bad scheme, plain http, or a non-public address."""


class NotFoundRemote(FetchError):
    """The remote server says the post does not exist (HTTP 404 or 410)."""


class Forbidden(FetchError):
    """The remote server refused access (HTTP 401 or 403): private, deleted, or needs a login."""


class RemoteError(FetchError):
    """Any other failure: an error status, a timeout, an oversized or non-JSON answer."""


class AuthFailed(UnspoolError):
    """A bot account's credentials were refused and could not be renewed: the operator must
    authorise the account again. Mentions wait; nothing is dropped."""
