"""FamilyWatch security layer."""
