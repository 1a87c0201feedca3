"""Person-level enquiries with tracked and self-reported sources.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "enquiries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("campaign_id", sa.Integer, sa.ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False),
        sa.Column("reference", sa.String(64), nullable=False),
        sa.Column("enquired_on", sa.Date, nullable=True),
        sa.Column("tracked_variant", sa.String(200), nullable=True),
        sa.Column("tracked_channel", sa.String(64), nullable=True),
        sa.Column("tracked_code", sa.String(32), nullable=True),
        sa.Column("self_reported_source", sa.String(500), nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("import_batch", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_enquiries_campaign_id", "enquiries", ["campaign_id"])


def downgrade() -> None:
    op.drop_table("enquiries")
