"""Results rows, tracking codes and the ids of objects created in Meta.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _campaign_fk() -> sa.Column:
    return sa.Column(
        "campaign_id", sa.Integer, sa.ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "result_rows",
        sa.Column("id", sa.Integer, primary_key=True),
        _campaign_fk(),
        sa.Column("variant", sa.String(200), nullable=False),
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("period_start", sa.Date, nullable=True),
        sa.Column("period_end", sa.Date, nullable=True),
        sa.Column("reach", sa.Integer, nullable=True),
        sa.Column("reach_is_estimate", sa.Boolean, nullable=False),
        *[
            sa.Column(stage, sa.Integer, nullable=False)
            for stage in ("enquiries", "conversations", "invited", "attended", "offers", "starts", "retained")
        ],
        sa.Column("cost_gbp", sa.Float, nullable=False),
        sa.Column("import_batch", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_result_rows_campaign_id", "result_rows", ["campaign_id"])
    op.create_table(
        "tracking_codes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "organisation_id",
            sa.Integer,
            sa.ForeignKey("organisations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("campaign_slug", sa.String(64), nullable=False),
        sa.Column("variant", sa.String(200), nullable=False),
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("link", sa.String(2000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("organisation_id", "code"),
    )
    op.create_table(
        "facebook_objects",
        sa.Column("id", sa.Integer, primary_key=True),
        _campaign_fk(),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("local_key", sa.String(200), nullable=False),
        sa.Column("name", sa.String(500), nullable=False),
        sa.Column("fb_id", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("campaign_id", "kind", "local_key"),
    )
    op.create_index("ix_facebook_objects_campaign_id", "facebook_objects", ["campaign_id"])


def downgrade() -> None:
    op.drop_table("facebook_objects")
    op.drop_table("tracking_codes")
    op.drop_table("result_rows")
