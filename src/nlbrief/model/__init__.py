"""The data model: plain frozen dataclasses that round-trip through JSON.

`letter` (what the parser gives), `translation` (what the translate stage gives), `brief` (what
the summarise stage gives). Renderers import these, never a stage.
"""
