"""deskcrm: a keyboard-driven customer file for small shops."""

__version__ = "0.1.0"
