"""The web: views, feeds, middleware and what reads a request. The top layer."""
