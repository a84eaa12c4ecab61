"""Compliance rules shared by every part that writes to the public: listing remarks, bot replies."""
