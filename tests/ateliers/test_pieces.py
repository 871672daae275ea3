import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ateliers import services
from ateliers.models import PieceJointe
from ecogestion.uploads import IMAGES, PDF, check_upload

from .factories import AtelierFactory, pdf_bytes, png_bytes


def test_a_script_renamed_as_jpeg_is_refused(client, facilitateur, quartier):
    atelier = AtelierFactory(quartier=quartier)
    client.force_login(facilitateur)
    upload = SimpleUploadedFile("photo.jpg", b"<script>alert(1)</script>", "image/jpeg")
    response = client.post(
        reverse("ateliers:piece_ajouter", args=[atelier.pk]), {"fichier": upload}
    )
    assert response.status_code == 400
    assert "type de fichier n&#x27;est pas accepté" in response.content.decode()
    assert not PieceJointe.objects.exists()


def test_a_pdf_named_png_is_stored_as_pdf(facilitateur, quartier):
    atelier = AtelierFactory(quartier=quartier)
    piece = services.piece_ajouter(
        atelier=atelier, fichier=SimpleUploadedFile("scan.png", pdf_bytes()), par=facilitateur
    )
    assert piece.type_mime == "application/pdf"
    assert piece.fichier.name.endswith(".pdf")
    assert "scan" not in piece.fichier.name


def test_truncated_image_is_refused():
    head = png_bytes()[:40]
    with pytest.raises(ValidationError) as exc:
        check_upload(SimpleUploadedFile("x.png", head), allowed=IMAGES, max_bytes=10_000)
    assert exc.value.code == "bad_image"


def test_oversized_file_is_refused_with_the_limit_in_the_message():
    upload = SimpleUploadedFile("x.pdf", pdf_bytes() + b"0" * 2000)
    with pytest.raises(ValidationError) as exc:
        check_upload(upload, allowed=frozenset({PDF}), max_bytes=1024)
    assert exc.value.code == "too_big"
    assert "1,0" in exc.value.messages[0] or "1.0" in exc.value.messages[0]


def test_files_are_served_only_through_the_checked_view(client, facilitateur, outsider, quartier):
    atelier = AtelierFactory(quartier=quartier)
    piece = services.piece_ajouter(
        atelier=atelier, fichier=SimpleUploadedFile("p.png", png_bytes()), par=facilitateur
    )
    client.force_login(facilitateur)
    response = client.get(piece.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png_bytes()
    assert reverse("ateliers:piece", args=[atelier.pk, piece.pk]) == piece.get_absolute_url()
    client.force_login(outsider)
    assert client.get(piece.get_absolute_url()).status_code == 404
    # Not reachable under another activity's URL either.
    other = AtelierFactory(quartier=quartier)
    client.force_login(facilitateur)
    assert client.get(reverse("ateliers:piece", args=[other.pk, piece.pk])).status_code == 404


def test_pdf_is_downloaded_not_rendered_inline(client, facilitateur, quartier):
    atelier = AtelierFactory(quartier=quartier)
    piece = services.piece_ajouter(
        atelier=atelier, fichier=SimpleUploadedFile("cr.pdf", pdf_bytes()), par=facilitateur
    )
    client.force_login(facilitateur)
    response = client.get(piece.get_absolute_url())
    assert response["Content-Disposition"].startswith("attachment")


def test_several_photos_at_once_land_all_or_none(client, facilitateur, quartier):
    atelier = AtelierFactory(quartier=quartier)
    client.force_login(facilitateur)
    url = reverse("ateliers:piece_ajouter", args=[atelier.pk])
    bad = client.post(
        url,
        {
            "fichier": [
                SimpleUploadedFile("a.png", png_bytes()),
                SimpleUploadedFile("faux.pdf", b"MZ\x90\x00 not a pdf"),
            ]
        },
    )
    assert bad.status_code == 400
    assert "faux.pdf" in bad.content.decode()
    assert not PieceJointe.objects.exists()
    good = client.post(
        url,
        {
            "fichier": [
                SimpleUploadedFile("a.png", png_bytes()),
                SimpleUploadedFile("b.pdf", pdf_bytes()),
            ],
            "legende": "Atelier",
        },
    )
    assert good.status_code == 302
    assert sorted(atelier.pieces.values_list("type_mime", flat=True)) == [
        "application/pdf",
        "image/png",
    ]


def test_the_form_states_the_size_limit_in_force_and_the_upload_enforces_it(
    client, facilitateur, quartier, settings
):
    settings.ATELIERS_PIECE_MAX_BYTES = 2 * 1024 * 1024
    atelier = AtelierFactory(quartier=quartier)
    client.force_login(facilitateur)
    html = client.get(atelier.get_absolute_url()).content.decode()
    assert "2,0\xa0Mio au plus par fichier" in html
    big = SimpleUploadedFile("plan.pdf", pdf_bytes() + b"0" * (2 * 1024 * 1024))
    response = client.post(reverse("ateliers:piece_ajouter", args=[atelier.pk]), {"fichier": big})
    assert response.status_code == 400
    assert not PieceJointe.objects.exists()
