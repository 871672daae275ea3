from comptes.health import heartbeat_write
from tests.permission_table import DIRECTION_ONLY, PUBLIC, READ_ORGANISATION, Case

CASES = [
    Case("home", READ_ORGANISATION),
    Case("audit_log", DIRECTION_ONLY),
    Case("audit_log", DIRECTION_ONLY, query="action=update&du=2026-01-01"),
    Case("registre_rgpd", PUBLIC),
    Case("health", PUBLIC),
]


def build(world):
    # /sante/ answers 200 only when a worker has beaten recently (tests/comptes/test_health.py).
    heartbeat_write()
