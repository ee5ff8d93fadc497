"""FamilyWatch: a visible, metadata-only, local-only camera-use companion for the family PC."""

__version__ = "0.1.0"
