"""The command line: the parser and `main` (main.py), the subcommands other than the app
(subcommands.py) and the plain-text tables they print (tables.py)."""
