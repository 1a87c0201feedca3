"""Ids of the objects the Facebook export created in Meta, per campaign.

Each id is committed as soon as Meta returns it, so a re-run after a failure part-way resumes
from the next object instead of creating duplicates. Creatives and ads are keyed by variant,
so results imported from Meta can be matched to variants later.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from planner.storage.store import Store
from planner.storage.tables import FacebookObjectRow


@dataclass(frozen=True)
class FacebookObject:
    kind: str
    """"leadform" (the instant form, leads objective), "campaign", "adset", "creative" or "ad"."""
    local_key: str
    """"form", "campaign", the ad set's key, or the variant key (creative, ad)."""
    name: str
    fb_id: str


def facebook_objects(store: Store, campaign_id: int) -> list[FacebookObject]:
    with store.transaction() as session:
        rows = session.scalars(
            select(FacebookObjectRow).where(FacebookObjectRow.campaign_id == campaign_id).order_by(FacebookObjectRow.id)
        )
        return [FacebookObject(r.kind, r.local_key, r.name, r.fb_id) for r in rows]


def record_facebook_object(store: Store, campaign_id: int, obj: FacebookObject) -> None:
    """Record one created object, in its own transaction."""
    with store.transaction() as session:
        session.add(FacebookObjectRow(campaign_id=campaign_id, kind=obj.kind, local_key=obj.local_key,
                                      name=obj.name, fb_id=obj.fb_id))
