// Replaced by the router core implementation.
