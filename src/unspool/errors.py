"""One exception family whose messages a user can act on."""


class UnspoolError(Exception):
    """Base class: the message is shown to the user as one line."""


class InputError(UnspoolError):
    """The input (archive, file, reference) is unusable."""


class NotFound(UnspoolError):
    """A thread, post or author is not in the store."""


class StoreError(UnspoolError):
    """The database could not be opened or written."""
