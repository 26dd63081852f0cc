"""Models of the methods app."""
