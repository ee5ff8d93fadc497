"""The tray app's windows: Today / This week, What is recorded, Get help, status."""
