"""Indicator definitions (the registry) and the pure arithmetic behind them."""
