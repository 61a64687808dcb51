"""What associates tell us about answers: thumbs up/down with an optional comment, and whether the
answer reached a client. Stored redacted, in SQLite by default (`FeedbackStore`)."""

from guardrails.feedback.store import Feedback, FeedbackKind, FeedbackStore, default_url

__all__ = ["Feedback", "FeedbackKind", "FeedbackStore", "default_url"]
