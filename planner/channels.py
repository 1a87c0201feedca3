"""The channels a campaign can use, paid and local.

Personas live in the copy and the channel, so channels are first-class: each says whether it
is paid online, organic online or offline (where reach is an estimate and attribution relies
on a spoken code or a QR code).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ChannelKind = Literal["paid", "online", "offline"]


@dataclass(frozen=True)
class Channel:
    key: str
    label: str
    kind: ChannelKind


CHANNELS: dict[str, Channel] = {
    c.key: c
    for c in [
        Channel("facebook", "Paid social (Facebook and Instagram)", "paid"),
        Channel("job_board", "Job boards", "online"),
        Channel("linkedin", "LinkedIn", "online"),
        Channel("council_site", "The council's website", "online"),
        Channel("community_centre", "Community centres", "offline"),
        Channel("mosque", "Mosques", "offline"),
        Channel("church", "Churches", "offline"),
        Channel("temple", "Temples and gurdwaras", "offline"),
        Channel("recruitment_fair", "Recruitment fairs", "offline"),
        Channel("school_college", "Schools and colleges", "offline"),
        Channel("jobcentre", "Jobcentre", "offline"),
        Channel("leaflets", "Leaflets and posters", "offline"),
        Channel("word_of_mouth", "Word of mouth and staff referral", "offline"),
    ]
}


def channel_label(key: str) -> str:
    """The human label for a channel key, or the key itself for a user-defined channel."""
    channel = CHANNELS.get(key)
    return channel.label if channel else key
