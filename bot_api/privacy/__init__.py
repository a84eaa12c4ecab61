"""`/v1/privacy/*`: one person's data exported or erased (admins only)."""
