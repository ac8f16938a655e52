"""F5, the manager's weekly review and its export dialog."""
