"""What every dialect shares: the pure Dialect (composed of quoting, types, blocks, rendering
and transactions), the runtime Backend, the Inspector and its LiveSchema types, the
statement splitter and the narrowing rules."""
