"""The site: rendering pages, escaping, citations, exports, frames and listings, writing files."""
