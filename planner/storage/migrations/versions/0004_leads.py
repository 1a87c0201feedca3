"""Leads from Meta instant forms: contact details for a call back, purged after the retention period.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "leads",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("campaign_id", sa.Integer, sa.ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False),
        sa.Column("enquiry_id", sa.Integer, sa.ForeignKey("enquiries.id", ondelete="SET NULL"), nullable=True),
        sa.Column("lead_id", sa.String(64), nullable=False, unique=True),
        sa.Column("form_id", sa.String(64), nullable=False),
        sa.Column("ad_id", sa.String(64), nullable=True),
        sa.Column("unknown_ad", sa.Boolean, nullable=False),
        sa.Column("created_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("full_name", sa.String(200), nullable=True),
        sa.Column("phone", sa.String(64), nullable=True),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("best_time", sa.String(64), nullable=True),
        sa.Column("fetched_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("purged_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_leads_campaign_id", "leads", ["campaign_id"])


def downgrade() -> None:
    op.drop_table("leads")
