"""FamilyWatch reports layer."""
