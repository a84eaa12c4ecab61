"""The consultation fee: Stripe Checkout Sessions for leads, and Stripe's signed webhooks in."""
