"""The Completion panel's teaching views: Fill the blank, Score a text, and the sampling path of a clicked
step. Each runs on a Source (the model chosen under Run on, or the one under Compare with); the arithmetic
is in desktop/core/teaching."""
