"""Business logic of the help pages, with no HTTP."""
