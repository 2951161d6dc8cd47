"""Targets (chỉ tiêu): province-wide per indicator and year, and each unit's own annual targets."""
