"""One module per page kind: `render(r, ..., lang) -> Markdown`."""
