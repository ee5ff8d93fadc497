"""Parent settings behind the PIN, the PIN dialog, "Ask for more time" and the first run."""
