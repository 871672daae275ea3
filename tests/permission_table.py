"""The role/URL permission table: shared vocabulary for every app's ``permission_cases.py``.

Each app lists its URLs in ``tests/<app>/permission_cases.py`` as ``CASES`` (a list of
``Case``) and may define ``build(world)`` to add the objects its URLs need to the shared world.
``tests/test_permission_table.py`` walks every case for every role and checks that no URL of the
project is missing from the table.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from comptes.models import Role

from .factories import ActeurFactory, OrganisationFactory, QuartierFactory, UserFactory

ROLES = (
    "anonyme",
    "administrateur",
    "direction",
    "facilitateur",  # assigned to world.quartier
    "partenaire",  # given world.quartier
    "partenaire_autre",  # same organisation, given another neighbourhood only
    "etranger",  # facilitator of another organisation
)
# Checked only for the cases that state them (see ``also``). The foundation's apps (comptes,
# quartiers, acteurs) state every one: tests/test_permission_table.py checks it.
OPTIONAL_ROLES = (
    "facilitateur_autre",  # same organisation, assigned to world.autre_quartier only
)


def expect(**statuses: int) -> dict[str, int]:
    missing = set(ROLES) - set(statuses)
    if missing:
        raise ValueError(f"expected status missing for {sorted(missing)}")
    unknown = set(statuses) - set(ROLES) - set(OPTIONAL_ROLES)
    if unknown:
        raise ValueError(f"unknown roles {sorted(unknown)}")
    return statuses


def also(expected: dict[str, int], **statuses: int) -> dict[str, int]:
    """``expected`` plus the status of optional roles, e.g.
    ``also(EDIT_QUARTIER_PAGE, facilitateur_autre=403)``."""
    return expect(**{**expected, **statuses})


# Common patterns. 302 for anonymous means "sent to the login page".
READ_QUARTIER = expect(
    anonyme=302, administrateur=200, direction=200, facilitateur=200,
    partenaire=200, partenaire_autre=404, etranger=404,
)  # fmt: skip
READ_ORGANISATION = expect(
    anonyme=302, administrateur=200, direction=200, facilitateur=200,
    partenaire=200, partenaire_autre=200, etranger=200,
)  # fmt: skip
STAFF_LIST = expect(
    anonyme=302, administrateur=200, direction=200, facilitateur=200,
    partenaire=403, partenaire_autre=403, etranger=200,
)  # fmt: skip
STAFF_OBJECT = expect(
    anonyme=302, administrateur=200, direction=200, facilitateur=200,
    partenaire=403, partenaire_autre=403, etranger=404,
)  # fmt: skip
EDIT_QUARTIER_PAGE = expect(
    anonyme=302, administrateur=200, direction=403, facilitateur=200,
    partenaire=403, partenaire_autre=404, etranger=404,
)  # fmt: skip
EDIT_STAFF_OBJECT = expect(
    anonyme=302, administrateur=200, direction=403, facilitateur=200,
    partenaire=403, partenaire_autre=403, etranger=404,
)  # fmt: skip
CREATE_PAGE = expect(
    anonyme=302, administrateur=200, direction=403, facilitateur=200,
    partenaire=403, partenaire_autre=403, etranger=200,
)  # fmt: skip
PUBLIC = expect(
    anonyme=200, administrateur=200, direction=200, facilitateur=200,
    partenaire=200, partenaire_autre=200, etranger=200,
)  # fmt: skip
DIRECTION_ONLY = expect(
    anonyme=302, administrateur=200, direction=200, facilitateur=403,
    partenaire=403, partenaire_autre=403, etranger=403,
)  # fmt: skip


@dataclass
class Case:
    url_name: str
    expected: dict[str, int]
    kwargs: Callable[["World"], dict] = field(default=lambda world: {})
    method: str = "get"
    data: Callable[["World"], dict] | None = None
    query: str = ""

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.url_name}{'?' + self.query if self.query else ''}"


class World:
    """Two organisations; organisation A has two neighbourhoods and one user per role."""

    def __init__(self):
        self.organisation = OrganisationFactory(nom="Organisation A")
        self.autre_organisation = OrganisationFactory(nom="Organisation B")
        self.quartier = QuartierFactory(organisation=self.organisation, nom="Quartier A1")
        self.autre_quartier = QuartierFactory(organisation=self.organisation, nom="Quartier A2")
        self.quartier_etranger = QuartierFactory(
            organisation=self.autre_organisation, nom="Quartier B1"
        )
        self.users = {
            "administrateur": UserFactory(organisation=self.organisation, role=Role.ADMINISTRATEUR),
            "direction": UserFactory(organisation=self.organisation, role=Role.DIRECTION),
            "facilitateur": UserFactory(organisation=self.organisation, role=Role.FACILITATEUR),
            "partenaire": UserFactory(organisation=self.organisation, role=Role.PARTENAIRE),
            "partenaire_autre": UserFactory(organisation=self.organisation, role=Role.PARTENAIRE),
            "etranger": UserFactory(organisation=self.autre_organisation, role=Role.FACILITATEUR),
            "facilitateur_autre": UserFactory(
                organisation=self.organisation, role=Role.FACILITATEUR
            ),
        }
        self.quartier.membres.add(self.users["facilitateur"], self.users["partenaire"])
        self.autre_quartier.membres.add(
            self.users["partenaire_autre"], self.users["facilitateur_autre"]
        )
        self.quartier_etranger.membres.add(self.users["etranger"])
        self.acteur = ActeurFactory(
            organisation=self.organisation, nom="Association du quartier A1"
        )
        self.acteur.quartiers.add(self.quartier)
