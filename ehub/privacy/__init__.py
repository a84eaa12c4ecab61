"""One person's data: found everywhere by their email or phone, exported whole, or erased for good;
plus the notices the law asks for (TREC, CAN-SPAM) and the rotation of encryption keys."""
