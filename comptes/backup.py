"""Backup and restore of a whole installation: the database as Django fixtures (JSON, natural
foreign keys) plus every file under MEDIA_ROOT, in one .tar.gz.

Why dumpdata rather than pg_dump: the same archive works for the embedded SQLite demo and for
PostgreSQL (and moves data between them), it needs no client binary matching the server's major
version inside the container, and restore goes through the models, so a restored installation
is checked by Django's own loader. For very large databases, pg_dump of the PostgreSQL volume
is the faster complement (README, "Backups").
"""

import io
import json
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

FORMAT_VERSION = 1
DATABASE_MEMBER = "database.json"
MANIFEST_MEMBER = "manifest.json"
MEDIA_PREFIX = "media/"
# Rebuilt by migrations (content types, permissions) or disposable (sessions).
EXCLUDED_MODELS = ["contenttypes", "auth.permission", "sessions"]


class BackupError(Exception):
    pass


def _counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in ("contenttypes", "sessions")
        and model._meta.label != "auth.Permission"
        and model._meta.managed
        and not model._meta.proxy
    }


def backup_create(*, output: Path) -> dict:
    """Write the archive to ``output``; returns its manifest (counts per model, media files)."""
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / DATABASE_MEMBER
        with transaction.atomic():  # one consistent snapshot of every table (PostgreSQL)
            call_command(
                "dumpdata",
                natural_foreign=True,
                exclude=EXCLUDED_MODELS,
                output=str(dump),
                verbosity=0,
            )
            counts = _counts()
        media_files = (
            sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []
        )
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database_vendor": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
            "counts": counts,
            "media_files": len(media_files),
        }
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST_MEMBER)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname=DATABASE_MEMBER)
            for path in media_files:
                archive.add(path, arcname=MEDIA_PREFIX + path.relative_to(media_root).as_posix())
        partial.replace(output)  # never leave a half-written archive under the final name
        output.chmod(0o600)  # it holds personal data
    return manifest


def installation_is_empty() -> bool:
    from comptes.models import Organisation, User

    return not User.objects.exists() and not Organisation.objects.exists()


def backup_restore(*, archive_path: Path, force: bool = False) -> dict:
    """Load an archive into this (migrated, empty) installation. All or nothing for the
    database; media files are extracted only once the database is in."""
    if not force and not installation_is_empty():
        raise BackupError(
            "La base n'est pas vide : restaurez dans une installation neuve "
            "(migrate sur une base vide), ou utilisez --force en connaissance de cause."
        )
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(archive_path, "r:gz") as archive, tempfile.TemporaryDirectory() as tmp:
        try:
            manifest = json.load(archive.extractfile(MANIFEST_MEMBER))
        except KeyError:
            raise BackupError("Ce fichier n'est pas une sauvegarde Écogestion.") from None
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(f"Format de sauvegarde inconnu : {manifest.get('format')}.")
        # Check every media member before touching the database: the "data" filter refuses
        # absolute paths, "..", links leading outside MEDIA_ROOT and device files.
        members = []
        for member in archive.getmembers():
            if member.name.startswith(MEDIA_PREFIX):
                relative = member.replace(name=member.name[len(MEDIA_PREFIX) :], deep=False)
                try:
                    members.append(tarfile.data_filter(relative, str(media_root)))
                except tarfile.FilterError as exc:
                    raise BackupError(f"Fichier refusé dans l'archive : {member.name}") from exc
        archive.extract(DATABASE_MEMBER, tmp, filter="data")
        with transaction.atomic():
            call_command("loaddata", str(Path(tmp) / DATABASE_MEMBER), verbosity=0)
        media_root.mkdir(parents=True, exist_ok=True)
        for member in members:
            archive.extract(member, media_root, filter="fully_trusted")  # filtered above
    return manifest
