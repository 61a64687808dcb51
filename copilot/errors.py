"""The project's own exceptions; the API maps them to HTTP status codes in one place."""


class CopilotError(Exception):
    """Base class: the message says what was wrong and what to do."""


class InputError(CopilotError):
    """The user gave something we cannot use (a path that does not exist, an empty question)."""


class NotFoundError(CopilotError):
    """An id the user named does not exist."""


class ConflictError(CopilotError):
    """The request is valid but not in the current state (e.g. approving a rejected draft)."""


class DataProblem(CopilotError):
    """A file under the data dir is missing, unreadable or disagrees with another: names the file and the fix."""

    def __init__(self, file: object, what: str, fix: str) -> None:
        super().__init__(f"{file}: {what}; fix: {fix}")
        self.file = str(file)
        self.what = what
        self.fix = fix
