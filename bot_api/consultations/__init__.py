"""`POST /v1/consultations`: a consultation-fee checkout link for a lead."""
