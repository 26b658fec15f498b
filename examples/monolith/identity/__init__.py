"""The identity module (producer)."""
