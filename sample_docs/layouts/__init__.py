"""Document layouts: one function per layout, facts in, ``Rendered`` out."""
