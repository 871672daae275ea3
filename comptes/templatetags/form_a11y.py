"""Accessible form fields: the widget points at its help text and errors (aria-describedby) and
says when it is invalid (aria-invalid), so screen readers read the error with the field."""

from django import template

register = template.Library()

GROUP_WIDGETS = {"radioselect", "checkboxselectmultiple"}


@register.filter
def described_widget(bound_field):
    attrs = {}
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    return bound_field.as_widget(attrs=attrs)


@register.filter
def is_group(bound_field) -> bool:
    """Radio buttons and checkbox lists: a fieldset with a legend, not a single label."""
    return bound_field.widget_type in GROUP_WIDGETS
