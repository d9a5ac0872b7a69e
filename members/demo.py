"""Demo data of the members app, in dependency order.

records: organizations, persons, memberships, branches, experts (members back office);
dues: join applications, fee schedules, invoices and payments (join and dues journeys).
"""

from importlib import import_module

PARTS = ["members.demo_records", "members.demo_dues"]


def load(stdout=None) -> None:
    for name in PARTS:
        try:
            module = import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        module.load(stdout=stdout)
