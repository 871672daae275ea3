from comptes.health import heartbeat_write
from tests.permission_table import DIRECTION_ONLY, PUBLIC, READ_ORGANISATION, Case, also

CASES = [
    Case("home", also(READ_ORGANISATION, facilitateur_autre=200)),
    Case("audit_log", also(DIRECTION_ONLY, facilitateur_autre=403)),
    Case(
        "audit_log",
        also(DIRECTION_ONLY, facilitateur_autre=403),
        query="action=update&du=2026-01-01",
    ),
    Case("registre_rgpd", also(PUBLIC, facilitateur_autre=200)),
    Case("health", also(PUBLIC, facilitateur_autre=200)),
]


def build(world):
    # /sante/ answers 200 only when a worker has beaten recently (tests/comptes/test_health.py).
    heartbeat_write()
