"""Documents made for readers from the catalogs: side-by-side documents, the progress dashboard, TMX export."""
