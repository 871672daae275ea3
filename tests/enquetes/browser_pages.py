"""Survey pages visited by the browser sweep (tests/e2e/test_pages.py), including the public
pages residents answer on their phones."""

from tests.e2e.pages import Page


def _pk(w):
    return {"pk": w.enquete.pk}


PAGES = [
    Page("facilitateur", "enquetes:list"),
    Page("facilitateur", "enquetes:create"),
    Page("facilitateur", "enquetes:import"),
    Page("facilitateur", "enquetes:detail", kwargs=_pk),
    Page("facilitateur", "enquetes:edit", kwargs=_pk),
    Page("facilitateur", "enquetes:sections", kwargs=_pk),
    Page("facilitateur", "enquetes:question_add", kwargs=_pk),
    Page(
        "facilitateur",
        "enquetes:question_edit",
        kwargs=lambda w: {"pk": w.enquete.pk, "qpk": w.question.pk},
    ),
    Page("facilitateur", "enquetes:diffusion", kwargs=_pk),
    Page("facilitateur", "enquetes:affiche", kwargs=_pk),
    Page("direction", "enquetes:results", kwargs=_pk),
    Page("facilitateur", "enquetes:verbatims", kwargs=_pk),
    Page(
        "facilitateur",
        "enquetes:verbatim_edit",
        kwargs=lambda w: {"pk": w.enquete.pk, "rpk": w.verbatim.pk},
    ),
    Page("anonyme", "enquetes:repondre", kwargs=lambda w: {"jeton": w.enquete.jeton_public}),
    Page(
        "anonyme",
        "enquetes:repondre",
        kwargs=lambda w: {"jeton": w.enquete_fermee.jeton_public},
        query="fermee",
        status=410,
    ),
    Page("anonyme", "enquetes:merci", kwargs=lambda w: {"jeton": w.enquete.jeton_public}),
    Page("anonyme", "enquetes:invitation", kwargs=lambda w: {"jeton": w.invitation.jeton}),
]
