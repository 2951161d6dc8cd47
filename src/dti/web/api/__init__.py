"""REST API (giao diện lập trình): the same services and permission checks as the web UI."""
