"""Views of the loans app, one module per area."""
