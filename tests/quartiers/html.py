"""Read a rendered form back from HTML, so tests post what the template really offers."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id=None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.forms: list[dict] = []
        self._in_form = False
        self._select = None
        self._textarea = None
        self._option_value = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self._in_form = True
            self.forms.append({"fields": {}, "names": [], "action": a.get("action", "")})
            return
        if not self._in_form:
            return
        fields = self.forms[-1]["fields"]
        names = self.forms[-1]["names"]
        name = a.get("name")
        if tag == "input" and name:
            names.append(name)
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                fields.setdefault(name, [])
                if "checked" in a:
                    fields[name].append(a.get("value", "on"))
            elif kind not in ("submit", "file"):
                fields[name] = a.get("value", "")
        elif tag == "select" and name:
            names.append(name)
            self._select = name
            fields[name] = [] if "multiple" in a else ""
        elif tag == "option" and self._select:
            self._option_value = a.get("value", "")
            if "selected" in a:
                current = fields[self._select]
                if isinstance(current, list):
                    current.append(self._option_value)
                else:
                    fields[self._select] = self._option_value
        elif tag == "textarea" and name:
            names.append(name)
            self._textarea = name
            fields[name] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            field = self.forms[-1]["fields"]
            field[self._textarea] += data.lstrip("\n") if not field[self._textarea] else data


def post_forms(html: str) -> list[dict]:
    parser = _FormParser()
    parser.feed(html)
    # The logout button in the header and the language switcher in the footer are POST forms
    # of the layout; skip them.
    return [
        f for f in parser.forms if "language" not in f["fields"] and "logout" not in f["action"]
    ]


def form_data(response, index: int = 0) -> dict:
    """The values a browser would submit for the index-th POST form of the page."""
    html = response.content.decode()
    forms = post_forms(html)
    assert forms, "no POST form in the page"
    data = {}
    for name, value in forms[index]["fields"].items():
        if name == "csrfmiddlewaretoken":
            continue
        data[name] = value
    return data


def field_names(response, index: int = 0) -> list[str]:
    return post_forms(response.content.decode())[index]["names"]
