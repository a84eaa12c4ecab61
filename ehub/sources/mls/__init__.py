"""MLS listings through the RESO Web API (MLS Grid conventions, as Austin's ACTRIS feed uses)."""
