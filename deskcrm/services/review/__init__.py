"""The manager's weekly review: figures, customers at risk, returns and the exported tables."""
