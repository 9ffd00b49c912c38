"""Provides the steps of filling in an agreement, one module per step."""
