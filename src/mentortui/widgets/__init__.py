"""Provides reusable widgets: date input and safe text cells."""
