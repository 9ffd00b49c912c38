"""Which focused widget is a text field, asked without importing TextArea."""

from __future__ import annotations

import sys
import types

from textual.widgets import Input, Label, TextArea

from mentortui.fields import is_text_area, is_text_field


def test_inputs_and_text_areas_are_text_fields_and_a_label_is_not():
    assert is_text_field(Input()) and not is_text_area(Input())
    assert is_text_field(TextArea()) and is_text_area(TextArea())
    assert not is_text_field(Label("x")) and not is_text_field(None)


def test_a_half_imported_text_area_module_answers_no_instead_of_failing(monkeypatch):
    """The background import of the other screens puts the module in sys.modules before its
    class exists; a key asking then must get an answer, not an AttributeError (it ended real
    sessions once)."""
    half = types.ModuleType("textual.widgets._text_area")
    monkeypatch.setitem(sys.modules, "textual.widgets._text_area", half)
    assert is_text_area(Input()) is False
    assert is_text_field(Input()) is True
    assert is_text_field(object()) is False


def test_before_anything_imports_it_no_widget_is_a_text_area(monkeypatch):
    monkeypatch.delitem(sys.modules, "textual.widgets._text_area")
    assert is_text_area(Label("x")) is False
