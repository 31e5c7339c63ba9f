"""Read-only aggregation for the reports: scopes, indicators, statements, trends."""
