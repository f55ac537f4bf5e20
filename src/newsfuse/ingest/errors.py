"""The one error type readers raise or yield: it names the input and says what is wrong."""

from __future__ import annotations


class InputError(Exception):
    """A bad input; ``origin`` is "path" or "path:line" so the user can find it at once."""

    def __init__(self, origin: str, message: str):
        message = " ".join(str(message).split())  # one line, whatever an exception said
        super().__init__(f"{origin}: {message}")
        self.origin = origin
        self.message = message

    def __reduce__(self):
        # An analysis worker returns its inputs' errors to the parent: pickle rebuilds an
        # exception from ``args``, which here hold one joined string, not the two fields.
        return type(self), (self.origin, self.message)
