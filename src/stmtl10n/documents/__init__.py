"""Documents made for readers from the catalogs: side-by-side documents, the progress dashboard, TMX export."""

#: The aligned documents build writes per statement (here, not in side_by_side: a build with
#: nothing to do plans its outputs with them without loading the renderer and markdown-it).
ALIGNED_SUFFIXES = (".html", ".md")
