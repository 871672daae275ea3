"""Who may see and change what. Views fetch every object through these helpers so that a
stranger gets a 404 (never a 403 that would confirm the object exists)."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404


def member_required(view):
    """Logged in and attached to an organisation (a bare superuser uses the admin)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.user.organisation_id is None:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def staff_required(view):
    """Organisation staff: administrators, direction and facilitators (not partners)."""

    @member_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.reads_whole_organisation:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def get_visible_or_404(model, user, **lookup):
    return get_object_or_404(model.objects.visible_to(user), **lookup)


def get_editable_or_404(model, user, **lookup):
    """The object if the user may change it; 404 if they may not even see it; else 403."""
    obj = get_visible_or_404(model, user, **lookup)
    if not model.objects.editable_by(user).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj
