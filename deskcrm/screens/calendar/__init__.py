"""F3, the follow-up calendar: the month grid and call list, follow-up dialogs, messages, broadcasts, templates and client books."""
