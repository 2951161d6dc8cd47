"""DTI platform: the digital-transformation index (Chỉ số chuyển đổi số) run end to end."""
