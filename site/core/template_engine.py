"""Django's template backend, where a label given in OPTIONS["libraries"] may replace an
installed library of the same name.

`{% load i18n %}` loads `website.core.templatetags.kept_i18n` (Django's i18n library with
constant `{% translate %}` texts kept per process): settings.TEMPLATES names it under "i18n".
Django uses the configured module, as documented, but its check for labels that name two
modules (templates.W003) reports that replacement too. Here the check counts a configured
label once, as the configured module, and still reports two installed apps that ship the same
label, as Django's does.
"""

from __future__ import annotations

from collections import defaultdict

from django.core.checks import Warning
from django.template.backends.django import DjangoTemplates as DjangoBackend
from django.template.backends.django import get_template_tag_modules


class DjangoTemplates(DjangoBackend):
    def __init__(self, params):
        self.configured_libraries = dict(params.get("OPTIONS", {}).get("libraries", {}))
        super().__init__(params)

    def _check_for_template_tags_with_the_same_name(self):
        libraries = defaultdict(set)
        for name, module in get_template_tag_modules():
            if name not in self.configured_libraries:
                libraries[name].add(module)
        for name, module in self.engine.libraries.items():
            libraries[name].add(module)
        return [
            Warning(
                f"{name!r} is used for multiple template tag modules: "
                + ", ".join(repr(module) for module in sorted(modules)),
                obj=self,
                id="templates.W003",
            )
            for name, modules in libraries.items()
            if len(modules) > 1
        ]
