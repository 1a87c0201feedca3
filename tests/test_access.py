"""Which organisations a signed-in user may see."""

from planner.access import allowed_organisations

ACCESS = {"acme": ["@acme.org", "helper@gmail.com"], "other": ["boss@other.org"]}


def test_domain_and_address_members():
    assert allowed_organisations("Ann@ACME.org", ACCESS) == {"acme"}
    assert allowed_organisations("helper@gmail.com", ACCESS) == {"acme"}
    assert allowed_organisations("boss@other.org", ACCESS) == {"other"}


def test_strangers_and_anonymous_see_nothing():
    assert allowed_organisations("someone@gmail.com", ACCESS) == set()
    assert allowed_organisations(None, ACCESS) == set()
    assert allowed_organisations("x@evil-acme.org", ACCESS) == set()
