"""The pages every browser run visits, at desktop and phone sizes, with a screenshot and axe.

Adding a page is one line: ``Page(role, url_name, kwargs=lambda w: {...})``, where ``role`` is
one of ``tests.permission_table.ROLES`` ("anonyme" for no login) and ``w`` is the permission
table's ``World`` (with every app's ``build(world)`` applied). Apps may keep their lines in
``tests/<app>/browser_pages.py`` as ``PAGES = [...]``; they are collected here too.
"""

import importlib
import pathlib
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    role: str
    url_name: str
    kwargs: Callable = field(default=lambda world: {}, compare=False)
    query: str = ""
    status: int = 200
    name: str = ""  # screenshot name; defaults to role + url name

    @property
    def id(self) -> str:
        return f"{self.role}-{self.url_name}{'?' + self.query if self.query else ''}"

    @property
    def screenshot_name(self) -> str:
        return self.name or self.id


PAGES = [
    Page("anonyme", "account_login"),
    Page("anonyme", "account_reset_password"),
    Page("anonyme", "registre_rgpd"),
    Page("administrateur", "home"),
    Page("direction", "home"),
    Page("facilitateur", "home"),
    Page("partenaire", "home"),
    Page("facilitateur", "quartiers:list"),
    Page("facilitateur", "quartiers:detail", kwargs=lambda w: {"pk": w.quartier.pk}),
    Page("partenaire", "quartiers:detail", kwargs=lambda w: {"pk": w.quartier.pk}),
    Page("facilitateur", "acteurs:list"),
    Page("direction", "acteurs:detail", kwargs=lambda w: {"pk": w.acteur.pk}),
    Page("direction", "audit_log"),
    Page("administrateur", "audit_log", query="action=update&du=2026-02-01&au=2026-01-01"),
    Page("facilitateur", "audit_log", status=403),
    Page("direction", "mfa_index"),
    Page("direction", "mfa_activate_totp"),  # asks to re-enter the password first
    Page("anonyme", "account_reset_password_done"),
]


def _app_pages() -> list[Page]:
    pages = []
    root = pathlib.Path(__file__).parent.parent
    for path in sorted(root.glob("*/browser_pages.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.browser_pages")
        pages.extend(module.PAGES)
    return pages


ALL_PAGES = PAGES + _app_pages()
