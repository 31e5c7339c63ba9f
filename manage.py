#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lkp.settings.local")
    from django.core.management import execute_from_command_line  # Django's manage.py: after the settings are named

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
