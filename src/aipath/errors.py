"""The aipath exception family: each error knows the exit code it maps to."""

from __future__ import annotations

__all__ = [
    "AipathError",
    "CatalogError",
    "CycleError",
    "NoPlanError",
    "OutputError",
    "ProfileError",
    "StdoutError",
    "UsageError",
    "WalletError",
]


class AipathError(Exception):
    """Base class for every error a user can cause; never raised for bugs."""

    exit_code = 1


class CatalogError(AipathError):
    """The catalogue file is missing, unreadable, malformed or invalid (exit 1).

    The message is one line: ``file:line:col: message`` when a position is known,
    else ``file: credential ID: field: message`` or ``file: message``.
    """

    exit_code = 1

    def __init__(
        self,
        path: str,
        message: str,
        *,
        line: int | None = None,
        col: int | None = None,
        credential: str | None = None,
        field: str | None = None,
    ) -> None:
        self.path = path
        self.line = line
        self.col = col
        self.credential = credential
        self.field = field
        self.problem = message
        super().__init__(self._format())

    def _format(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts[0] = f"{self.path}:{self.line}:{self.col or 1}"
        else:
            if self.credential is not None:
                parts.append(f"credential {self.credential}")
            if self.field is not None:
                parts.append(self.field)
        return ": ".join([*parts, self.problem])


class CycleError(CatalogError):
    """A credential can never be earned: every route to it passes through itself."""


class ProfileError(CatalogError):
    """The profile file (``--profile``) is missing or malformed (exit 1); same one-line form."""


class WalletError(CatalogError):
    """A ``--have-from`` file that is missing, too big or not a credential aipath reads (exit 1)."""


class UsageError(AipathError):
    """A bad option value: unknown role, type or credential id (exit 2).

    ``option`` names the offending option so the CLI can show it.
    """

    exit_code = 2

    def __init__(self, message: str, *, option: str | None = None) -> None:
        self.option = option
        super().__init__(message)


class OutputError(UsageError):
    """An ``--output`` target that cannot or must not be written (exit 2)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, option="--output")


class StdoutError(AipathError):
    """Standard output is closed, a broken pipe or a full disk (exit 1): the result is lost."""

    exit_code = 1


class NoPlanError(AipathError):
    """No plan satisfies the request: unreachable goal or budget too small (exit 3)."""

    exit_code = 3
