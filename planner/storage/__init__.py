"""The campaign store: SQLAlchemy 2 over SQLite by default, PostgreSQL through DATABASE_URL."""

from planner.storage.config import database_url
from planner.storage.store import (
    CampaignRecord,
    CampaignSummary,
    ConflictError,
    NotFoundError,
    Store,
)

__all__ = [
    "CampaignRecord",
    "CampaignSummary",
    "ConflictError",
    "NotFoundError",
    "Store",
    "database_url",
]
