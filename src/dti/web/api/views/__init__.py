"""API views: thin — load, check permission, call a service or selector, serialize."""
