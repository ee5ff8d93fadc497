"""FamilyWatch store layer."""
