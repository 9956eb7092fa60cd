"""The error a caseworker action raises: an HTTP status and a French message."""

from __future__ import annotations


class ActionError(Exception):
    """An action that cannot be done; carries the HTTP status and a French message."""

    def __init__(self, message_fr: str, status_code: int = 400) -> None:
        super().__init__(message_fr)
        self.message_fr = message_fr
        self.status_code = status_code
