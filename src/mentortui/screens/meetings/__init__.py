"""The meetings room: the meeting log, a live session and their dialogs."""
