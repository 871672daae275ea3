"""Polygon notes saved before the geometry module oriented them: rewind their rings so that
exports follow RFC 7946's right-hand rule (exterior counterclockwise, holes clockwise)."""

import json

from django.db import migrations
from shapely import orient_polygons
from shapely.geometry import mapping, shape


def orient(apps, schema_editor):
    Annotation = apps.get_model("cartographie", "Annotation")
    notes = Annotation.objects.filter(geometrie__type__in=["Polygon", "MultiPolygon"])
    for note in notes.only("pk", "geometrie").iterator(chunk_size=1000):
        oriented = json.loads(
            json.dumps(mapping(orient_polygons(shape(note.geometrie), exterior_cw=False)))
        )
        if oriented != note.geometrie:
            Annotation.objects.filter(pk=note.pk).update(geometrie=oriented)


class Migration(migrations.Migration):
    dependencies = [("cartographie", "0003_carte_atelier")]

    # Reversing has nothing to undo: either winding is a valid polygon.
    operations = [migrations.RunPython(orient, migrations.RunPython.noop)]
