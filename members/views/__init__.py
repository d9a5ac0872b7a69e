"""Public and member-portal views of the members app, one module per area.

directory.py: the public member directory and organization profiles.
"""
