"""F4, complaints: the list, starting one, the nine-step wizard and the manager's complaint settings."""
