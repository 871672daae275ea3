"""Read the names and values of a rendered form, to post what a browser would."""

from html.parser import HTMLParser


class FormReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields: dict[str, list[dict]] = {}
        self.labels: dict[str, str] = {}
        self._label_for = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "textarea", "select") and attrs.get("name"):
            self.fields.setdefault(attrs["name"], []).append({"tag": tag, **attrs})
        if tag == "label":
            self._label_for, self._text = attrs.get("for"), ""

    def handle_data(self, data):
        if self._label_for:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "label" and self._label_for:
            self.labels[self._label_for] = " ".join(self._text.split())
            self._label_for = None


def read_form(html: str) -> FormReader:
    reader = FormReader()
    reader.feed(html)
    return reader


def option_value(reader: FormReader, name: str, label: str) -> str:
    """The value of the radio/checkbox named ``name`` whose label is ``label``."""
    for attrs in reader.fields[name]:
        if reader.labels.get(attrs.get("id")) == label:
            return attrs["value"]
    raise KeyError(f"{name}: no option labelled {label!r}")
