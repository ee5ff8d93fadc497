"""FamilyWatch probes linux layer."""
