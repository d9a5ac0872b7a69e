"""Package map: the folder `site/` is imported as `website`, because `site` is a stdlib module."""

from setuptools import find_packages, setup

APPS = ["members", "certification", "events", "publications"]

setup(
    package_dir={"website": "site"},
    packages=["website"]
    + [f"website.{name}" for name in find_packages("site")]
    + find_packages(include=[f"{app}*" for app in APPS]),
)
