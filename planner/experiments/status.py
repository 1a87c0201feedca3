"""An experiment's status (draft, running, decided), changed on a stored campaign."""

from __future__ import annotations

from typing import TYPE_CHECKING

from planner.storage import ConflictError

if TYPE_CHECKING:
    from planner.campaign import Campaign
    from planner.storage import Store


def with_status(campaign: Campaign, key: str, status: str) -> Campaign:
    """The campaign with one experiment's status changed."""
    return campaign.model_copy(update={"experiments": [
        e.model_copy(update={"status": status}) if e.key == key else e for e in campaign.experiments]})


def mark_running(store: Store, ref: str | int, key: str) -> bool:
    """Once its A/B test exists in Meta, a draft experiment is running (switching the ads on stays a person's
    choice in Ads Manager). False when the campaign changed meanwhile and nothing was saved."""
    record = store.campaign(ref)
    experiment = record.campaign.experiment(key)
    if experiment is None or experiment.status != "draft":
        return True
    try:
        store.save_campaign(record.id, with_status(record.campaign, key, "running"), record.version)
    except ConflictError:
        return False
    return True
