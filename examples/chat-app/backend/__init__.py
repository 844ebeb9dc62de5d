"""Acme Assistant backend: chat, data analysis, page summaries and intent classification."""
