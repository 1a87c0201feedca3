"""Later funnel stages may be empty: NULL is "not known yet", which 0 ("nobody") is not.

Existing rows keep their numbers (an old 0 stays 0). Downgrading writes 0 where a stage is NULL,
because 0005's columns cannot hold NULL; `planner db downgrade` lists those values first and keeps
them, so upgrading again puts the NULLs back (planner.storage.archive).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

LATER_STAGES = ("conversations", "invited", "attended", "offers", "starts", "retained")


def upgrade() -> None:
    with op.batch_alter_table("result_rows") as batch:
        for stage in LATER_STAGES:
            batch.alter_column(stage, existing_type=sa.Integer, nullable=True)


def downgrade() -> None:
    rows = sa.table("result_rows", *(sa.column(stage, sa.Integer) for stage in LATER_STAGES))
    for stage in LATER_STAGES:
        op.execute(rows.update().where(rows.c[stage].is_(None)).values({stage: 0}))
    with op.batch_alter_table("result_rows") as batch:
        for stage in LATER_STAGES:
            batch.alter_column(stage, existing_type=sa.Integer, nullable=False)
