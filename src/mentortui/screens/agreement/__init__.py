"""The agreement room: an agreement's editing: the editor, its five steps, goals, milestones, signing, export."""
