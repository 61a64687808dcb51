"""The ask pipeline: question -> retrieval -> extractive answer -> citation check -> response."""
