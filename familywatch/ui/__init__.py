"""FamilyWatch ui layer."""
