"""Turn a table of arXiv papers into a browsable, searchable MkDocs site.

The pipeline (read -> validate -> enrich -> derive -> render -> write) lives in
``generator.build``; ``generator.cli`` is the command-line front end.
"""

__version__ = "0.1.0"
