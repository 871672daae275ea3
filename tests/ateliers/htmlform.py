"""Read a rendered HTML form as a browser would submit it, so tests post what the page shows."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id_or_class: str):
        super().__init__(convert_charrefs=True)
        self.target = form_id_or_class
        self.depth = 0  # >0 while inside the wanted form
        self.fields: list[tuple[str, str]] = []
        self.names: set[str] = set()
        self.choices: dict[str, list[tuple[str, str]]] = {}
        self._select = None
        self._option = None
        self._textarea = None
        self._label_for_option = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and self.depth == 0:
            classes = (a.get("class") or "").split()
            if a.get("id") == self.target or self.target in classes:
                self.depth = 1
            return
        if not self.depth:
            return
        name = a.get("name")
        if tag == "input" and name:
            self.names.add(name)
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                self.choices.setdefault(name, []).append((a.get("value", "on"), a.get("id", "")))
                if "checked" in a:
                    self.fields.append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file"):
                self.fields.append((name, a.get("value", "")))
        elif tag == "select" and name:
            self.names.add(name)
            self._select = {"name": name, "selected": [], "first": None}
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self.choices.setdefault(self._select["name"], []).append((value, ""))
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["selected"].append(value)
        elif tag == "textarea" and name:
            self.names.add(name)
            self._textarea = [name, ""]

    def handle_endtag(self, tag):
        if not self.depth:
            return
        if tag == "form":
            self.depth = 0
        elif tag == "select" and self._select is not None:
            values = self._select["selected"] or [self._select["first"] or ""]
            self.fields.extend((self._select["name"], v) for v in values)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea[0], self._textarea[1].lstrip("\n")))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def read_form(html: str | bytes, target: str):
    """(data dict of lists, field names, choices) of the form whose id or class is ``target``."""
    if isinstance(html, bytes):
        html = html.decode()
    parser = _FormParser(target)
    parser.feed(html)
    if not parser.names:
        raise AssertionError(f"no form {target!r} with fields in the page")
    data: dict[str, list[str]] = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    return data, parser.names, parser.choices


def fill(data: dict, names: set, **values) -> dict:
    """Set fields that exist in the page (fails if a field is not rendered)."""
    for name, value in values.items():
        if name not in names:
            raise AssertionError(f"field {name!r} is not in the rendered form")
        data[name] = value if isinstance(value, list) else [value]
    return data
