"""Science and technology awards (科学技术奖) built on the certification core.

A nomination is an application of an award scheme whose subject is a project; the award adds
its recommending units, panels, committee votes, pre-award publicity, consent, certificates
for every completing unit and person, and fraud bans. The models stay in the certification
app (imported by certification.models); the core asks for the award's rules only through
certification.extensions (see extension.py). Modules: models, services, forms, views, admin,
access, pdf, tasks, defaults, demo.
"""
