"""The shared per-visitor rate limit of the public links."""

import pytest

from ecogestion import ratelimit


def test_client_ip_is_remote_addr_without_a_configured_header(rf, settings):
    settings.CLIENT_IP_HEADER = ""
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_REAL_IP="198.51.100.7")
    assert ratelimit.client_ip(request) == "192.0.2.1"


def test_client_ip_is_the_last_value_of_the_configured_header(rf, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7")
    assert ratelimit.client_ip(request) == "198.51.100.7"
    # The proxy did not write the header: the connection's address counts.
    assert ratelimit.client_ip(rf.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"


def test_key_depends_on_scope_and_address_but_does_not_contain_the_address(rf):
    one = rf.get("/", REMOTE_ADDR="192.0.2.44")
    two = rf.get("/", REMOTE_ADDR="192.0.2.45")
    key = ratelimit.client_key(one, "enquetes:1")
    assert "192.0.2.44" not in key
    assert key != ratelimit.client_key(two, "enquetes:1")
    assert key != ratelimit.client_key(one, "enquetes:2")


@pytest.mark.parametrize("limit", [1, 3])
def test_allow_counts_per_window_until_the_limit(rf, limit):
    from django.core.cache import cache

    request = rf.get("/", REMOTE_ADDR="192.0.2.44")
    for _ in range(limit):
        assert ratelimit.allow(request, "test", limit=limit, window=60)
    assert not ratelimit.allow(request, "test", limit=limit, window=60)
    # The window is over: the counter starts again.
    cache.delete(ratelimit.client_key(request, "test"))
    assert ratelimit.allow(request, "test", limit=limit, window=60)
