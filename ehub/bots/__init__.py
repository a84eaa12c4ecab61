"""The Jorge Lead, Buyer and Seller bots: the offline conversation engine and its state."""
