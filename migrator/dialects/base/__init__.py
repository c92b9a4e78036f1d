"""What every dialect shares: the pure Dialect, the runtime Backend, the Inspector and its
LiveSchema types, the statement splitter and the narrowing rules."""
