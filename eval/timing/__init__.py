"""The timing harness: lookups replayed against a running service, the manual lookup they replace
modelled in the open, the time saved per lookup, and the pilot a store runs to decide on it."""
