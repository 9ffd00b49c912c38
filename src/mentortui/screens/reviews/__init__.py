"""The reviews room: the mid-point review, the end-date evaluation and the decisions they lead to."""
