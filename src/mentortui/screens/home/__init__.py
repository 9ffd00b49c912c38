"""The home room: the list of agreements, a new one, the trash."""
