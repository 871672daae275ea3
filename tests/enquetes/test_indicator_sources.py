import datetime as dt

from indicateurs.sources import get_source

from .known import feed


def test_sources_are_registered_with_their_parameters():
    import enquetes.indicator_sources  # noqa: F401 - autodiscovered by indicateurs in the app

    assert get_source("enquetes.part_choix").params == ("question_id", "choix")
    assert get_source("enquetes.reponses_enquete").params == ("enquete_id",)


def test_number_of_responses_by_neighbourhood_survey_and_period(enquete, quartier):
    import enquetes.indicator_sources  # noqa: F401

    feed(enquete)
    assert get_source("enquetes.reponses").value(quartier, None, None) == 7
    assert (
        get_source("enquetes.reponses").value(
            quartier, dt.date(2023, 11, 21), dt.date(2023, 11, 22)
        )
        == 2
    )
    src = get_source("enquetes.reponses_enquete")
    assert src.value(quartier, None, dt.date(2023, 11, 20), enquete_id=enquete.pk) == 1
    assert src.detail_url(quartier, dt.date(2023, 11, 1), None, enquete_id=enquete.pk) == (
        f"/enquetes/{enquete.pk}/resultats/?du=2023-11-01"
    )


def test_share_of_a_choice(enquete, quartier, outsider, settings):
    import enquetes.indicator_sources  # noqa: F401

    feed(enquete)
    satisfait = enquete.questions.get(code="satisfait")
    src = get_source("enquetes.part_choix")
    assert src.value(quartier, None, None, question_id=satisfait.pk, choix="oui") == 66.7
    assert src.detail_url(quartier, None, None, question_id=satisfait.pk).endswith(
        f"#q-{satisfait.pk}"
    )
    settings.SMALL_GROUP_THRESHOLD = 7
    assert src.value(quartier, None, None, question_id=satisfait.pk, choix="oui") is None
    # Another organisation's neighbourhood cannot read this question.
    from quartiers.models import Quartier

    foreign = Quartier.objects.get(organisation=outsider.organisation)
    settings.SMALL_GROUP_THRESHOLD = 1
    assert src.value(foreign, None, None, question_id=satisfait.pk, choix="oui") is None
