"""F8, data in and out: import with its column and duplicate steps, export, backup, undo."""
