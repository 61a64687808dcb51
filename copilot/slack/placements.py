"""Where in Slack each approval asked for from Slack lives: the message in the approvals channel, and
the asker's channel and thread. Slack ids only, never text, in DATA_DIR/slack.sqlite, so a decision
made on the tablet after a restart still reaches Slack."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Boolean, Column, Integer, MetaData, String, Table, delete, func, insert, select, update

from copilot.core.tables import create_tables
from guardrails.approvals import create_approvals_engine

metadata = MetaData()

placements = Table(
    "slack_approvals",
    metadata,
    Column("approval_id", Integer, primary_key=True, autoincrement=False),
    Column("asker", String(32), nullable=False),  # Slack user id
    Column("channel", String(32), nullable=False),  # where the asker asked (a DM channel for a DM)
    Column("thread_ts", String(32)),  # None for a slash command: the outcome goes to the asker's DM
    Column("private", Boolean, nullable=False),  # a DM: the note may be shown with the client's details
    Column("message_channel", String(32)),  # the draft's message in the approvals channel
    Column("message_ts", String(32)),
    Column("announced", Boolean, nullable=False, default=False),  # the decision has been carried to Slack
)


@dataclass(frozen=True)
class Placement:
    approval_id: int
    asker: str
    channel: str
    thread_ts: str | None
    private: bool
    message_channel: str | None
    message_ts: str | None


def default_url(data_dir: Path) -> str:
    return f"sqlite:///{data_dir / 'slack.sqlite'}"


class Placements:
    def __init__(self, url: str) -> None:
        self._engine = create_approvals_engine(url)
        create_tables(metadata, self._engine)

    def add(self, approval_id: int, asker: str, channel: str, thread_ts: str | None, private: bool) -> None:
        with self._engine.begin() as conn:
            conn.execute(insert(placements).values(
                approval_id=approval_id, asker=asker, channel=channel, thread_ts=thread_ts, private=private, announced=False
            ))

    def posted(self, approval_id: int, message_channel: str, message_ts: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(update(placements).where(placements.c.approval_id == approval_id)
                         .values(message_channel=message_channel, message_ts=message_ts))

    def get(self, approval_id: int) -> Placement | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(placements).where(placements.c.approval_id == approval_id)).first()
        return _placement(row._mapping) if row else None

    def unannounced(self) -> list[int]:
        with self._engine.connect() as conn:
            query = select(placements.c.approval_id).where(placements.c.announced.is_(False)).order_by(placements.c.approval_id)
            return [row[0] for row in conn.execute(query)]

    def claim_announcement(self, approval_id: int) -> bool:
        """True for exactly one caller: whoever carries this decision to Slack (the button's handler and
        the tablet watcher may both see it decided)."""
        with self._engine.begin() as conn:
            changed = conn.execute(update(placements)
                                   .where(placements.c.approval_id == approval_id, placements.c.announced.is_(False))
                                   .values(announced=True)).rowcount
        return changed == 1

    def count(self, approval_ids: Sequence[int]) -> int:
        """How many of these approvals have a placement."""
        with self._engine.connect() as conn:
            query = select(func.count()).select_from(placements).where(placements.c.approval_id.in_(approval_ids))
            return conn.execute(query).scalar_one()

    def forget(self, approval_ids: Sequence[int]) -> int:
        """Remove these approvals' placements (the retention purge); returns how many went."""
        with self._engine.begin() as conn:
            return conn.execute(delete(placements).where(placements.c.approval_id.in_(approval_ids))).rowcount

    def close(self) -> None:
        self._engine.dispose()


def _placement(row: object) -> Placement:
    values = dict(row)  # type: ignore[call-overload]
    values.pop("announced")
    return Placement(**values)
