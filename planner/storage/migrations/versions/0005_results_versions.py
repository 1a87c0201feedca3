"""Versions for results: one per campaign (its lock for results writes) and one per result row.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("campaigns") as batch:
        batch.add_column(sa.Column("results_version", sa.Integer, nullable=False, server_default=sa.text("0")))
    with op.batch_alter_table("result_rows") as batch:
        batch.add_column(sa.Column("version", sa.Integer, nullable=False, server_default=sa.text("1")))


def downgrade() -> None:
    with op.batch_alter_table("result_rows") as batch:
        batch.drop_column("version")
    with op.batch_alter_table("campaigns") as batch:
        batch.drop_column("results_version")
