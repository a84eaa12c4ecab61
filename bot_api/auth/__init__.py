"""`/v1/auth/*`: signing in, refreshing and signing out."""
