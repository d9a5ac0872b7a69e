#!/usr/bin/env python
"""Django's command-line utility. The project package `website` is the folder `site/`.

The deployment's environment file (website.env: HUANWEI_ENV_FILE, default /etc/huanwei/env)
is read first, so cron jobs, `migrate` and `db_worker` run with the production settings of the
web processes; without that file the development settings apply."""

import sys

if __name__ == "__main__":
    from website.env import load_environment

    load_environment(default_settings="website.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
