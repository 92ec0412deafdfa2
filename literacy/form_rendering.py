"""The form renderer: Django's templates, with the ``<select>`` built in Python.

Django renders every ``<option>`` of a select through its own template include; a filter form
listing a province's hamlets then spends more time on its options than the page spends on its
fifty rows. :class:`FormRenderer` writes the same markup as ``django/forms/widgets/select.html``
(byte for byte: ``literacy/tests/test_form_rendering.py`` compares them), so every form and
filter gets it without a widget of its own. A widget with its own templates keeps them.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def attributes_html(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html``: `` name="value"``, a bare name for ``True``."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _option_html(option: dict) -> str:
    """``django/forms/widgets/select_option.html`` (its file ends with a newline)."""
    value, label = (
        conditional_escape(option["value"]),
        conditional_escape(localize(option["label"])),
    )
    return f'<option value="{value}"{attributes_html(option["attrs"])}>{label}</option>'


def select_html(widget: dict) -> str | None:
    """The select's markup, or ``None`` when an option has a template of its own."""
    name = conditional_escape(widget["name"])
    parts = [f'<select name="{name}"{attributes_html(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            parts.append(f"\n  {_option_html(option)}\n")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class FormRenderer(DjangoTemplates):
    """``FORM_RENDERER``: Django's default renderer, but for the select widgets' markup."""

    def render(self, template_name, context, request=None):
        if template_name == SELECT_TEMPLATE and "widget" in context:
            html = select_html(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)
