"""Package map: the folder `site/` is imported as `website`, because `site` is a stdlib module.

Packages are found as namespace packages, so the data folders (templates, static, locale,
fixtures, fonts) are listed too and setuptools installs their files without warning that an
importable folder is missing from `packages`; pyproject.toml's package-data says which files.
"""

from setuptools import find_namespace_packages, setup

APPS = ["members", "certification", "events", "publications"]
EXCLUDE = ["__pycache__", "*.__pycache__", "*.__pycache__.*"]

setup(
    package_dir={"website": "site"},
    packages=["website"]
    + [f"website.{name}" for name in find_namespace_packages("site", exclude=EXCLUDE)]
    + find_namespace_packages(
        include=[pattern for app in APPS for pattern in (app, f"{app}.*")], exclude=EXCLUDE
    ),
)
