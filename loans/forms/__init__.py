"""Forms of the loans app, one module per page."""
