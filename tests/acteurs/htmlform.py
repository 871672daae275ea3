"""Read a form's fields and default values from rendered HTML, so that tests post what the
template really offers (template and form cannot drift apart)."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, action_contains):
        super().__init__()
        self.action_contains = action_contains
        self.in_form = False
        self.done = False
        self.fields: dict[str, object] = {}
        self.names: set[str] = set()
        self._select = None
        self._textarea = None
        self._select_first = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        marker = self.action_contains
        if (
            tag == "form"
            and not self.done
            and (marker in (a.get("action") or "") or marker in (a.get("class") or "").split())
        ):
            self.in_form = True
            return
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            self.names.add(name)
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    if kind == "checkbox" and name in self.fields:
                        current = self.fields[name]
                        previous = current if isinstance(current, list) else [current]
                        self.fields[name] = [*previous, a.get("value", "on")]
                    else:
                        self.fields[name] = a.get("value", "on")
            elif kind not in ("submit", "file"):
                self.fields[name] = a.get("value", "")
        elif tag == "select" and name:
            self.names.add(name)
            self._select, self._select_first = name, None
        elif tag == "option" and self._select:
            if self._select_first is None:
                self._select_first = a.get("value", "")
            if "selected" in a:
                self.fields[self._select] = a.get("value", "")
        elif tag == "textarea" and name:
            self.names.add(name)
            self._textarea = name
            self.fields[name] = ""

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form, self.done = False, True
        elif tag == "select" and self._select:
            self.fields.setdefault(self._select, self._select_first or "")
            self._select = None
        elif tag == "textarea":
            if self._textarea:
                self.fields[self._textarea] = self.fields[self._textarea].lstrip("\n")
            self._textarea = None


def form_data(html: bytes | str, action_contains: str = "", **overrides) -> dict:
    """The fields of the first form whose action contains ``action_contains`` or whose class
    list has it, with ``overrides`` applied; names the form does not offer raise."""
    assert action_contains, "name the form (part of its action, or one of its classes)"
    if isinstance(html, bytes):
        html = html.decode()
    parser = _FormParser(action_contains)
    parser.feed(html)
    unknown = set(overrides) - parser.names
    if unknown:
        raise AssertionError(f"fields not in the rendered form: {sorted(unknown)}")
    data = {k: v for k, v in parser.fields.items() if k != "csrfmiddlewaretoken"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}
