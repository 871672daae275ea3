import io
import json
import shutil
import tarfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from acteurs.models import Acteur
from comptes.audit import audit_record
from comptes.backup import _counts
from comptes.models import AuditEntry, Organisation, Role, User
from quartiers.models import Quartier
from tests.factories import ActeurFactory, OrganisationFactory, QuartierFactory, UserFactory

LOGO = b"\x89PNG\r\n\x1a\n" + b"logo de test" * 50


def _snapshot():
    """What must survive the round trip, in comparable form."""
    return {
        "counts": _counts(),
        "users": sorted(User.objects.values_list("email", "role", "password", "organisation__nom")),
        "quartiers": sorted(
            (
                q.nom,
                q.organisation.nom,
                json.dumps(q.perimetre, sort_keys=True),
                sorted(q.membres.values_list("email", flat=True)),
            )  # fmt: skip
            for q in Quartier.objects.all()
        ),
        "acteurs": sorted(
            (a.nom, sorted(a.quartiers.values_list("nom", flat=True))) for a in Acteur.objects.all()
        ),
        "audit": sorted(AuditEntry.objects.values_list("action", "object_repr", "user__email")),
    }


@pytest.mark.django_db(transaction=True)
def test_backup_then_restore_into_an_empty_installation_loses_nothing(tmp_path, settings):
    org = OrganisationFactory(nom="Agence Parisienne du Climat", sigle="APC")
    org.logo.save("logo.png", ContentFile(LOGO))
    facilitatrice = UserFactory(
        organisation=org, role=Role.FACILITATEUR, email="camille@example.org"
    )
    direction = UserFactory(organisation=org, role=Role.DIRECTION)
    quartier = QuartierFactory(organisation=org, nom="Bas-Belleville")
    quartier.membres.add(facilitatrice)
    acteur = ActeurFactory(organisation=org, nom="Régie de quartier")
    acteur.quartiers.add(quartier)
    audit_record(par=direction, action=AuditEntry.Action.UPDATE, obj=quartier,
                 changes={"phase": [1, 2]})  # fmt: skip
    before = _snapshot()
    archive = tmp_path / "sauvegarde.tar.gz"

    call_command("sauvegarder", output=str(archive), stdout=io.StringIO())

    # An empty installation: every table emptied, the media folder gone.
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    assert not User.objects.exists()

    out = io.StringIO()
    call_command("restaurer", str(archive), stdout=out)

    assert "Restauration terminée" in out.getvalue()
    assert _snapshot() == before
    restored = Organisation.objects.get(nom="Agence Parisienne du Climat")
    assert restored.logo.read() == LOGO
    # Passwords came back as they were: the account still logs in.
    assert User.objects.get(email="camille@example.org").check_password("motdepasse-test")
    # New rows after a restore get fresh ids (sequences were reset by loaddata).
    QuartierFactory(organisation=restored, nom="Nouveau quartier")


@pytest.mark.django_db
def test_archive_holds_a_manifest_the_database_and_media(tmp_path):
    org = OrganisationFactory()
    org.logo.save("logo.png", ContentFile(LOGO))
    archive = tmp_path / "s.tar.gz"
    call_command("sauvegarder", output=str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert {"manifest.json", "database.json", "media/logos/logo.png"} <= set(names)
    assert manifest["counts"]["comptes.Organisation"] == 1
    assert manifest["media_files"] == 1
    assert oct(archive.stat().st_mode & 0o777) == "0o600"


@pytest.mark.django_db
def test_restore_refuses_an_installation_that_has_data(tmp_path, organisation):
    archive = tmp_path / "s.tar.gz"
    call_command("sauvegarder", output=str(archive), stdout=io.StringIO())
    with pytest.raises(CommandError, match="La base n'est pas vide"):
        call_command("restaurer", str(archive))


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    archive = tmp_path / "autre.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        data = b"{}"
        info = tarfile.TarInfo("autre.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="pas une sauvegarde"):
        call_command("restaurer", str(archive))


@pytest.mark.django_db
def test_restore_never_writes_outside_media_root(tmp_path, settings):
    archive = tmp_path / "piege.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in [
            (
                "manifest.json",
                json.dumps(
                    {"format": 1, "counts": {}, "media_files": 1, "created_at": "x"}
                ).encode(),
            ),  # fmt: skip
            (
                "database.json",
                b'[{"model": "comptes.organisation", "pk": 9, '
                b'"fields": {"nom": "X", "sigle": "", "logo": ""}}]',
            ),
            ("media/../../evasion.txt", b"hors de MEDIA_ROOT"),
        ]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="Fichier refusé dans l'archive"):
        call_command("restaurer", str(archive))
    assert not (settings.MEDIA_ROOT.parent / "evasion.txt").exists()
    assert not Organisation.objects.exists()  # nothing loaded either
