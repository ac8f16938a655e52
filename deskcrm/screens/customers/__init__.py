"""F2, the customer file: list and card, the customer form and its dialogs."""
