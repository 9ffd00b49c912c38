"""The people room: the people registry, who is not admitted, the programme report."""
