"""Plant grading's on-site step: inspection, findings, rectification and the plaque (标牌).

The models live in certification/models/inspections.py and the rules in
certification/services/inspections.py; this package holds what plugs them into the back
office (admin.py, actions.py), the portal (views.py) and the core (extension.py).
"""
