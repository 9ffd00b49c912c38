"""mentortui: mentoring agreements, meetings and goals in the terminal."""

__version__ = "0.1.0"
