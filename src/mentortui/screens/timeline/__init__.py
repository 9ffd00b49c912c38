"""The timeline room: the goals timeline."""
