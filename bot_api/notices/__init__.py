"""`/notices` (the brokerage's legal notices, for the widget) and `/unsubscribe` (CAN-SPAM)."""
