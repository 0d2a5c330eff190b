"""The review site: every value in its words, and charts of what the meetings said over time."""
