"""The Jorge bots service (Litestar): GoHighLevel webhooks in, compliant replies out."""
