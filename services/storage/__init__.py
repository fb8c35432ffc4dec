"""Storage: SQLAlchemy models, repository functions and migrations."""
