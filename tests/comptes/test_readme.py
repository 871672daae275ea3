import re

from django.conf import settings


def test_readme_documents_every_environment_variable_of_the_settings():
    source = (settings.BASE_DIR / "ecogestion" / "settings.py").read_text()
    variables = set(re.findall(r'env_(?:str|bool|int|list|choice|url)\(\s*"([A-Z0-9_]+)"', source))
    readme = (settings.BASE_DIR / "README.md").read_text()
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    missing = sorted(name for name in variables if f"`{name}`" not in section)
    assert variables and not missing, f"README 'Configuration' lacks: {missing}"
