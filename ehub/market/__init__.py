"""Market questions answered from the marts: listing search and comparable sales (CMA)."""
