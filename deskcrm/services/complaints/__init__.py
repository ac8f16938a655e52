"""Complaint recovery: the nine steps, their rules, drafts, defaults and the list's queries."""
