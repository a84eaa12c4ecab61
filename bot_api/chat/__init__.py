"""`POST /v1/chat`: the conversation engine for the web widget and for trying the bots."""
