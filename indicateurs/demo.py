"""Demo indicators: the library, targets, manual values with evidence, the three objectives of
the experiment with the report's grades, narratives, and snapshot history. Part of
``load_demo`` (idempotent)."""

import logging
import random
from datetime import date
from decimal import ROUND_CEILING, Decimal

from django.utils import timezone

from quartiers.models import Quartier

from . import services
from .library import OBJECTIFS, SURVEY_DEFINITIONS
from .models import Indicateur, Objectif, ObjectifIndicateur, ValeurManuelle

logger = logging.getLogger(__name__)


def _rect(west, south, east, north):
    return {
        "type": "Polygon",
        "coordinates": [
            [[west, south], [east, south], [east, north], [west, north], [west, south]]
        ],
    }


# Rough perimeters, only used when the quartiers demo (with the real ones) did not run.
QUARTIERS_EXPERIMENTATION = {
    "Ilot 13": {
        "commune": "Paris 13e",
        "habitants": 1800,
        "logements": 850,
        "nombre_ilots": 1,
        "perimetre": _rect(2.3428, 48.8285, 2.3462, 48.8303),
    },
    "Bas-Belleville": {
        "commune": "Paris 20e",
        "habitants": 10000,
        "logements": 4600,
        "nombre_ilots": 16,
        "qpv": True,
        "qva": True,
        "perimetre": _rect(2.3700, 48.8670, 2.3810, 48.8730),
    },
    "Rosa Parks": {
        "commune": "Paris 19e",
        "habitants": 3000,
        "nombre_ilots": 9,
        "qva": True,
        "perimetre": _rect(2.3710, 48.8940, 2.3790, 48.8985),
    },
}


def ensure_quartiers_experimentation(ctx: dict) -> dict:
    """The three neighbourhoods of the experiment: taken from ctx (quartiers' demo) or created
    bare when that demo did not run (indicateurs branch on its own)."""
    quartiers = dict(ctx.get("quartiers") or {})
    for nom, defaults in QUARTIERS_EXPERIMENTATION.items():
        if nom not in quartiers:
            quartiers[nom], _ = Quartier.objects.get_or_create(
                organisation=ctx["organisation"], nom=nom, defaults=defaults
            )
    ctx["quartiers"] = quartiers
    return quartiers


# Yearly manual values per neighbourhood (last three years): kWh, tCO2e, m², copropriétés,
# households met, bike places, % satisfied.
MANUAL = {
    "Ilot 13": {
        "energie-economisee": (0, 42000, 96000),
        "co2-evite": (0, 3.2, 7.4),
        "surface-vegetalisee": (0, 120, 310),
        "coproprietes-dtg": (2, 5, 7),
        "menages-rencontres": (60, 140, 90),
        "places-velo": (0, 0, 12),
        "satisfaction": (None, 88, 93.1),
    },
    "Bas-Belleville": {
        "energie-economisee": (8000, 35000, 61000),
        "co2-evite": (0.6, 2.7, 4.7),
        "surface-vegetalisee": (80, 450, 720),
        "coproprietes-dtg": (0, 2, 4),
        "menages-rencontres": (120, 260, 210),
        "places-velo": (0, 20, 20),
        "satisfaction": (None, 79, 84),
    },
    "Rosa Parks": {
        "energie-economisee": (0, 18000, 40000),
        "co2-evite": (0, 1.4, 3.1),
        "surface-vegetalisee": (0, 200, 520),
        "coproprietes-dtg": (0, 0, 1),
        "menages-rencontres": (30, 80, 70),
        "places-velo": (0, 40, 60),
        "satisfaction": (None, 81, 90),
    },
}
TARGETS = {
    "energie-economisee": 80000,
    "co2-evite": 6,
    "surface-vegetalisee": 600,
    "coproprietes-dtg": 5,
    "menages-rencontres": 150,
    "places-velo": 30,
    "satisfaction": 85,
    "satisfaction-parcours": 85,
    "acteurs-touches": 150,
    "evenements-tenus": 12,
}

BILANS = {
    "Ilot 13": dict(
        chiffres_cles="7 copropriétés réunies en union, 850 logements, 1 800 habitants.",
        evenements_cles="Réunion de lancement du DTG mutualisé avec les conseils syndicaux.\n"
        "Balade climatique dans les espaces verts privés de l'îlot.",
        reussites="Cahier des charges commun du DTG adopté par les copropriétés engagées.\n"
        "Un réseau de voisins solidaires pour les épisodes de canicule.",
        difficultes="Calendriers des assemblées générales difficiles à aligner.\n"
        "Syndics peu disponibles pour un projet mutualisé.",
        prochaines_etapes="Sélection du bureau d'études et restitution du DTG.",
    ),
    "Bas-Belleville": dict(
        chiffres_cles="16 îlots, 10 000 habitants, 4 600 logements ; QPV et QVA.",
        evenements_cles="Ateliers « îlots de fraîcheur » avec l'école et le centre social.\n"
        "Permanences rénovation avec l'EDL.",
        reussites="Une cour d'immeuble désimperméabilisée et végétalisée par ses habitants.",
        difficultes="Forte rotation des interlocuteurs ; quartier étendu pour une seule personne.",
        prochaines_etapes="Étendre la démarche de gestion durable à trois nouvelles copropriétés.",
    ),
    "Rosa Parks": dict(
        chiffres_cles="9 grands îlots, 3 000 habitants, pôle multimodal ; QVA.",
        evenements_cles="Défi sobriété énergétique avec les entreprises du quartier.\n"
        "Concertation sur le parvis : transformation saisonnière.",
        reussites="Stationnement vélo mutualisé dans un parking souterrain sous-utilisé.",
        difficultes="Peu d'habitants mobilisés hors des temps d'événement.",
        prochaines_etapes="Pérenniser l'aménagement estival du parvis avec la mairie.",
    ),
}


def _survey_indicators(organisation) -> None:
    """Survey-derived indicators pointing at the demo survey's question (idempotent); skipped
    with a warning when the enquetes app or its demo survey is absent."""
    from .sources import REGISTRY

    try:
        from enquetes.models import Question
    except ImportError:  # pragma: no cover - enquetes app not installed
        return
    for definition in SURVEY_DEFINITIONS:
        data = dict(definition)
        code = data.pop("code")
        titre, question_code, choix = data.pop("question")
        question = (
            Question.objects.filter(
                enquete__organisation=organisation,
                enquete__titre__startswith=titre,
                code=question_code,
                choix__valeur=choix,
            )
            .order_by("-enquete__cree_le", "-pk")
            .first()
        )
        if question is None or data["source"] not in REGISTRY:
            logger.warning("indicator %r skipped: no survey question %r", code, question_code)
            continue
        data["params"] = {"question_id": question.pk, "choix": choix}
        indicateur = Indicateur.objects.filter(organisation=organisation, code=code).first()
        indicateur = indicateur or Indicateur(organisation=organisation, code=code)
        for name, value in data.items():
            setattr(indicateur, name, value)
        indicateur.ordre = (
            indicateur.ordre or Indicateur.objects.filter(organisation=organisation).count()
        )
        indicateur.full_clean()
        indicateur.save()


def _trimestres(indicateur, value, n: int, rng) -> list[Decimal]:
    """The year's figure as ``n`` quarterly readings (``n`` < 4 for the current year).

    A flow (kWh saved, households met…) is split into parts that add up to the year's share so
    far, in whole units unless the figure has decimals; a level (a rate, copropriétés engaged)
    moves towards the year's figure, in whole units unless it is a percentage."""
    value = Decimal(str(value))
    if indicateur.agregation == "moyenne":
        if indicateur.unite == "%":
            return [value - Decimal("1.5") * (n - 1 - i) for i in range(n)]
        return [
            (value * (i + 1) / n).quantize(Decimal(1), rounding=ROUND_CEILING) for i in range(n)
        ]
    step = Decimal("0.1") if value % 1 else Decimal(1)
    total = (value * n / 4).quantize(step)
    weights = [Decimal(str(rng.uniform(0.7, 1.3))) for _ in range(n)]
    parts = [(total * w / sum(weights)).quantize(step) for w in weights]
    parts[-1] = total - sum(parts[:-1])
    return parts


def _logo(organisation) -> None:
    """A logo for the demo organisation, shown on the reports' cover (only when it has none)."""
    from io import BytesIO

    from django.core.files.base import ContentFile
    from PIL import Image, ImageDraw, ImageFont

    if organisation.logo:
        return
    image = Image.new("RGB", (480, 140), "white")
    draw = ImageDraw.Draw(image)
    draw.ellipse((10, 10, 130, 130), fill="#1d6b3a")
    draw.polygon([(70, 28), (104, 92), (36, 92)], fill="#eef5f0")
    draw.rectangle((66, 92, 74, 112), fill="#eef5f0")
    try:
        font = ImageFont.truetype("DejaVuSans-Bold.ttf", 30)
    except OSError:  # no DejaVu on this machine: Pillow's own font
        font = ImageFont.load_default()
    words = organisation.nom.split()
    half = (len(words) + 1) // 2
    for line, text in enumerate((" ".join(words[:half]), " ".join(words[half:]))):
        draw.text((150, 30 + line * 42), text, fill="#1d6b3a", font=font)
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    organisation.logo.save("logo-demo.png", ContentFile(buffer.getvalue()), save=True)


def _annees_historique(organisation, today) -> list[int]:
    """Every year the platform holds field activity for, so that the history is complete."""
    from ateliers.models import Atelier

    first = (
        Atelier.objects.filter(quartier__organisation=organisation)
        .order_by("date")
        .values_list("date__year", flat=True)
        .first()
    )
    return list(range(min(first or today.year, today.year - 2), today.year + 1))


def load(ctx: dict) -> None:
    organisation = ctx["organisation"]
    quartiers = ensure_quartiers_experimentation(ctx)
    facilitatrice = (ctx.get("users") or {}).get("facilitatrice")
    _logo(organisation)
    loaded, skipped = services.bibliotheque_charger(organisation=organisation)
    _survey_indicators(organisation)
    by_code = {i.code: i for i in Indicateur.objects.filter(organisation=organisation)}
    today = timezone.localdate()
    years = [today.year - 2, today.year - 1, today.year]
    rng = random.Random(13)  # noqa: S311 - demo figures, not security
    for nom, quartier in quartiers.items():
        for code, values in MANUAL.get(nom, {}).items():
            indicateur = by_code.get(code)
            if indicateur is None:
                continue
            for year, value in zip(years, values, strict=True):
                if value is None:
                    continue
                # One reading per quarter so that the monthly trend has points.
                months = [m for m in (3, 6, 9, 12) if date(year, m, 15) <= today]
                if not months:
                    continue
                parts = _trimestres(indicateur, value, len(months), rng)
                for month, part in zip(months, parts, strict=True):
                    ValeurManuelle.objects.update_or_create(
                        indicateur=indicateur,
                        quartier=quartier,
                        date=date(year, month, 15),
                        defaults={
                            "valeur": part,
                            "note": "Valeur de démonstration : relevé trimestriel de l'équipe.",
                            "saisi_par": facilitatrice,
                        },
                    )
        for code, target in TARGETS.items():
            indicateur = by_code.get(code)
            if indicateur is None:
                continue
            for year in years:
                services.cible_definir(
                    indicateur=indicateur,
                    quartier=quartier,
                    annee=year,
                    valeur_cible=Decimal(target),
                    valeur_reference=Decimal(0) if indicateur.sens == "hausse" else None,
                    par=None,
                )
        services.bilan_enregistrer(
            quartier=quartier, annee=today.year, par=facilitatrice, **BILANS.get(nom, {})
        )
    for definition in OBJECTIFS:
        objectif, _ = Objectif.objects.update_or_create(
            organisation=organisation,
            ordre=definition["ordre"],
            defaults={
                "titre": definition["titre"],
                "taux_force": definition["taux_force"],
                "justification": definition["justification"],
            },
        )
        for code, poids in definition["indicateurs"]:
            if code in by_code:
                ObjectifIndicateur.objects.update_or_create(
                    objectif=objectif, indicateur=by_code[code], defaults={"poids": poids}
                )
    # Snapshots of the last three years now, so dashboards are alive on first start; the
    # worker computes the older history (the experiment's years) once it starts.
    for year in _annees_historique(organisation, today):
        if year in years:
            services.organisation_recalculer(organisation_id=organisation.pk, annee=year)
        else:
            services.recalcul_demander(organisation_id=organisation.pk, annee=year)
