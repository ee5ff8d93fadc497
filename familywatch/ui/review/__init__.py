"""The weekly family review: highlights, prompts and the week's charts."""
