"""Customer-support assistant: answers tickets, summarises threads, finds similar cases."""
