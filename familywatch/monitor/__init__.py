"""FamilyWatch monitor layer."""
