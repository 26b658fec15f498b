"""The notifications module (consumer)."""
