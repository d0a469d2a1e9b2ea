"""``mx.test_utils`` (placeholder until the gradient-checking work lands)."""
