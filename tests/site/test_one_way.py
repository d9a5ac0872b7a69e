"""One way to change a status: only website.core.states writes ``status``; everything else
asks the state machine (``transition``/``transition_many``), and templates ask
``obj.state.<name>`` or ``available_transitions`` instead of comparing status strings.

Creating a record with its initial status (``Model(status=...)``, ``create(status=...)``) is
fine: that is not a change. The scan reads the code, not the comments (Python through its
syntax tree), so a docstring that mentions ``.update(status=...)`` does not trip it."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("members", "certification", "events", "publications", "site")
STATE_MACHINE = ROOT / "site" / "core" / "states.py"


def _sources(*patterns: str) -> list[Path]:
    return sorted(
        path
        for app in APPS
        for pattern in patterns
        for path in (ROOT / app).rglob(pattern)
        if "migrations" not in path.parts and "__pycache__" not in path.parts
    )


def _is_status_key(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value == "status"


def python_status_writes(source: str) -> list[tuple[int, str]]:
    """(line, what) for every write of ``status`` that bypasses the state machine."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for part in ast.walk(target):
                    if isinstance(part, ast.Attribute) and part.attr == "status":
                        found.append((node.lineno, "assignment to .status"))
        elif isinstance(node, ast.Call):
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if name == "update":
                for keyword in node.keywords:
                    if keyword.arg == "status":
                        found.append((node.lineno, ".update(status=...)"))
                    elif keyword.arg is None and isinstance(keyword.value, ast.Dict):
                        if any(_is_status_key(key) for key in keyword.value.keys):
                            found.append((node.lineno, '.update(**{"status": ...})'))
            elif name == "bulk_update" and len(node.args) > 1:
                fields = node.args[1]
                if isinstance(fields, ast.List | ast.Tuple | ast.Set) and any(
                    _is_status_key(field) for field in fields.elts
                ):
                    found.append((node.lineno, 'bulk_update(..., ["status"])'))
            elif name == "setattr" and len(node.args) > 1 and _is_status_key(node.args[1]):
                found.append((node.lineno, 'setattr(..., "status", ...)'))
    return found


# A template tag or variable that tests a status by value: `{% if x.status == "paid" %}`,
# `{% if "paid" == x.status %}`, `{% if x.status in "a b" %}`, `{{ x.status|yesno }}`.
_TAG = re.compile(r"{%-?\s*(?:if|elif)\b(.*?)-?%}", re.S)
_COMPARED = re.compile(
    r"\b\w*status\w*\s*(?:==|!=|<|>|\bnot\s+in\b|\bin\b)"
    r"|(?:==|!=|\bin\b)\s*[\w.]*\bstatus\w*\b"
)
_FILTERED = re.compile(r"\.status\|")


def template_status_tests(source: str) -> list[tuple[int, str]]:
    found = []
    for match in _TAG.finditer(source):
        if _COMPARED.search(match.group(1)):
            found.append((source.count("\n", 0, match.start()) + 1, match.group(0).strip()))
    for match in _FILTERED.finditer(source):
        found.append((source.count("\n", 0, match.start()) + 1, ".status|filter"))
    return found


def _report(hits: dict[Path, list[tuple[int, str]]]) -> str:
    return "\n".join(
        f"{path.relative_to(ROOT)}:{line}: {what}"
        for path, lines in hits.items()
        for line, what in lines
    )


def test_no_status_is_written_outside_the_state_machine():
    hits = {}
    for path in _sources("*.py"):
        if path == STATE_MACHINE:
            continue
        found = python_status_writes(path.read_text(encoding="utf-8"))
        if found:
            hits[path] = found
    assert not hits, "change status with transition()/transition_many():\n" + _report(hits)


def test_no_template_compares_a_status():
    hits = {}
    for path in _sources("*.html", "*.txt"):
        if "templates" not in path.parts:
            continue
        found = template_status_tests(path.read_text(encoding="utf-8"))
        if found:
            hits[path] = found
    assert not hits, "ask obj.state.<name> or available_transitions:\n" + _report(hits)


def test_the_scan_sees_the_python_it_must_refuse():
    bad = """
order.status = Order.Status.PAID
self.status: str = "x"
Order.objects.filter(pk=1).update(status="paid")
qs.update(updated_at=now, status=Status.DONE)
qs.update(**{"status": "paid"})
Order.objects.bulk_update(orders, ["status", "paid_at"])
setattr(order, "status", "paid")
"""
    assert [line for line, _what in python_status_writes(bad)] == [2, 3, 4, 5, 6, 7, 8]


def test_the_scan_lets_creation_and_reading_through():
    fine = '''
"""Never .update(status=...) by hand."""
Order.objects.create(status=Order.Status.PENDING)  # an initial status
order = Order(status="draft")
if order.status == "paid":
    status = order.status
qs.filter(status="paid").update(paid=True)
Order.objects.bulk_update(orders, ["paid_at"])
'''
    assert python_status_writes(fine) == []


@pytest.mark.parametrize(
    "template",
    [
        '{% if order.status == "paid" %}',
        "{% if order.status != order.Status.PAID %}",
        '{% elif "paid" == order.status %}',
        '{% if application.status in "draft returned" %}',
        "{% if entry.status not in closed %}",
        "{{ order.status|yesno }}",
        "{%- if  change.to_status == 'declined' -%}",
    ],
)
def test_the_scan_sees_a_template_comparing_a_status(template):
    assert template_status_tests(f"<p>\n{template}x{{% endif %}}</p>")


@pytest.mark.parametrize(
    "template",
    [
        "{% if order.state.paid %}",
        "{% for status in statuses %}{{ status.label }}{% endfor %}",
        "{% if change.from_status %}{{ change.from_label }}{% endif %}",
        "{{ order.get_status_display }}",
        "{% if can_cancel and order.is_open %}",
    ],
)
def test_the_scan_lets_state_questions_through(template):
    assert template_status_tests(template) == []
