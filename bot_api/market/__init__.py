"""`GET /v1/properties/search` and `POST /v1/cma`: the marts the Buyer and Seller bots use."""
