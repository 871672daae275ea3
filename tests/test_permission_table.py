"""One table-driven test: every URL of the project, for every role, answers as expected."""

import importlib
import pathlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .permission_table import OPTIONAL_ROLES, ROLES, Case, World

# URLs that belong to libraries (admin, allauth) or carry no data of their own.
NOT_IN_TABLE = {"set_language"}
OUR_NAMESPACES = {"quartiers", "acteurs", "ateliers", "enquetes", "cartographie", "indicateurs"}
FOUNDATION_APPS = {"comptes", "quartiers", "acteurs"}


def _case_modules():
    root = pathlib.Path(__file__).parent
    names = ["tests.comptes.permission_cases"]
    for path in sorted(root.glob("*/permission_cases.py")):
        name = f"tests.{path.parent.name}.permission_cases"
        if name not in names:
            names.append(name)
    return [importlib.import_module(name) for name in names]


MODULES = _case_modules()
CASES: list[Case] = [case for module in MODULES for case in module.CASES]


def _project_url_names() -> set[str]:
    names = set()

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in OUR_NAMESPACES:
                    walk(pattern.url_patterns, pattern.namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                if namespace:
                    names.add(f"{namespace}:{pattern.name}")
                elif pattern.name not in NOT_IN_TABLE and pattern.callback.__module__.startswith(
                    "comptes"
                ):
                    names.add(pattern.name)

    walk(get_resolver().url_patterns)
    return names


def test_every_project_url_is_in_the_table():
    covered = {case.url_name for case in CASES}
    missing = _project_url_names() - covered
    assert not missing, f"URLs missing from the permission table: {sorted(missing)}"


@pytest.fixture
def world(db):
    world = World()
    for module in MODULES:
        build = getattr(module, "build", None)
        if build:
            build(world)
    return world


# Every role for every case, plus the optional roles where a case states them.
RUNS = [
    pytest.param(case, role, id=f"{case.id}-{role}")
    for case in CASES
    for role in (*ROLES, *OPTIONAL_ROLES)
    if role in case.expected
]


def test_foundation_cases_state_every_optional_role():
    """The accounts, neighbourhoods and contact base say what a facilitator of the same
    organisation, not assigned to the neighbourhood, gets on each URL."""
    foundation = [m for m in MODULES if m.__name__.split(".")[1] in FOUNDATION_APPS]
    silent = [
        case.id
        for module in foundation
        for case in module.CASES
        if not set(OPTIONAL_ROLES) <= set(case.expected)
    ]
    assert silent == []


@pytest.mark.parametrize(("case", "role"), RUNS)
def test_role_gets_expected_status(client, world, case: Case, role: str):
    if role != "anonyme":
        client.force_login(world.users[role])
    url = reverse(case.url_name, kwargs=case.kwargs(world))
    if case.query:
        url = f"{url}?{case.query}"
    data = case.data(world) if case.data else None
    response = (
        getattr(client, case.method)(url, data=data)
        if data is not None
        else getattr(client, case.method)(url)
    )
    expected = case.expected[role]
    assert response.status_code == expected, (
        f"{role} {case.id}: got {response.status_code}, expected {expected}"
    )
    if expected == 302 and role == "anonyme":
        assert reverse("account_login") in response["Location"]
