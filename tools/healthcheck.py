#!/usr/bin/env python3
"""Container health check: GET /sante/ as the reverse proxy would send it.

Standard library only. Django refuses hosts outside ``ALLOWED_HOSTS`` (400) and, in production,
redirects plain HTTP to HTTPS: so the request names the first allowed host and says it came
through HTTPS (``BEHIND_PROXY=1`` trusts ``X-Forwarded-Proto``). Exit 0 when /sante/ answers
200, else 1 with the reason on stderr.
"""

import os
import sys
import urllib.error
import urllib.request


def host_header(allowed_hosts: str) -> str:
    for host in allowed_hosts.split(","):
        host = host.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def main(argv: list[str]) -> int:
    url = argv[1] if len(argv) > 1 else "http://127.0.0.1:8000/sante/"
    request = urllib.request.Request(  # noqa: S310 - a fixed http URL on this host
        url,
        headers={
            "Host": host_header(os.environ.get("ALLOWED_HOSTS", "localhost")),
            "X-Forwarded-Proto": "https",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return 0 if response.status == 200 else 1
    except urllib.error.HTTPError as exc:
        print(f"/sante/ answered {exc.code}: {exc.read()[:300]!r}", file=sys.stderr)
    except OSError as exc:
        print(f"/sante/ unreachable: {exc}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
