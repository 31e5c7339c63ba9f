"""Forms for the loan pages; each page's form lives in its own module."""
