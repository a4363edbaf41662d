"""Reading the catalog: readers, IDs, validation, cleaning and enrichment, names, `catalog fetch`."""
