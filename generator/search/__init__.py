"""The prebuilt, sharded search index and the search documents."""
