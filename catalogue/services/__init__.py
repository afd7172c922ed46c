"""Business logic of the catalogue, with no HTTP: demo content, imports."""
