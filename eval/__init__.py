"""Quality evaluation of the extractor: `eventwire eval`."""
