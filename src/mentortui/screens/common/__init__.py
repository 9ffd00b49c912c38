"""The common room: what every room uses: dialogs, confirmation, background saves, watched agreements."""
