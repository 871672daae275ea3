"""What the home page shows: each app contributes its panel through one function here."""

HOME_QUARTIERS = 12


def home_quartiers(user) -> dict:
    """The neighbourhoods on the home page: a facilitator's own first (those assigned to them),
    everyone else's up to ``HOME_QUARTIERS``; the list page has them all."""
    from quartiers.models import Quartier

    visibles = Quartier.objects.visible_to(user).order_by("nom", "pk")
    shown = visibles.filter(membres=user) if user.is_facilitateur else visibles
    return {
        "quartiers": list(shown[:HOME_QUARTIERS]),
        "total": visibles.count(),
        "mes_quartiers": user.is_facilitateur,
    }


def home_panels(user) -> list[dict]:
    """Panels for the home page, each ``{"template": ..., "context": {...}}``, most urgent first."""
    from acteurs.selectors import panneau_accueil as acteurs_panel
    from indicateurs.selectors import home_panel as indicateurs_panel

    panels = [
        _ateliers_suivis_en_retard(user),
        indicateurs_panel(user),
        _enquetes_panel(user),
        _cartographie_panel(user),
        acteurs_panel(user),
    ]
    return [panel for panel in panels if panel]


def _ateliers_suivis_en_retard(user) -> dict | None:
    from ateliers.selectors import panneau_accueil

    context = panneau_accueil(user)
    return {"template": "ateliers/panel_suivis.html", "context": context} if context else None


def _enquetes_panel(user) -> dict | None:
    from enquetes.models import Statut
    from enquetes.selectors import enquetes_list

    ouvertes = list(enquetes_list(user).filter(statut=Statut.OUVERTE)[:5])
    return {"template": "enquetes/includes/home_panel.html", "context": {"enquetes": ouvertes}}


def _cartographie_panel(user) -> dict | None:
    from cartographie.selectors import panneau_accueil

    context = panneau_accueil(user)
    return {"template": "cartographie/_home_panel.html", "context": context} if context else None
