"""One table-driven test: every URL of the project, for every role, answers as expected."""

import importlib
import pathlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .permission_table import ROLES, Case, World

# URLs that belong to libraries (admin, allauth) or carry no data of their own.
NOT_IN_TABLE = {"set_language"}
OUR_NAMESPACES = {"quartiers", "acteurs", "ateliers", "enquetes", "cartographie", "indicateurs"}


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


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
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
