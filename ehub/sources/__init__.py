"""Source API clients (MLS, GoHighLevel, Stripe): plain Python, shared by Dagster and the bots."""
