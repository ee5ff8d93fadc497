"""FamilyWatch probes layer."""
