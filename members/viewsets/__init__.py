"""The members back office in the Wagtail admin.

records.py: organizations, persons, memberships, branches, experts, imports, reports.
applications.py / dues.py: join applications, fee schedules, invoices, payments.
wagtail_hooks.py groups them all in one "Members" menu.
"""
