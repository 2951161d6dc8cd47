"""The DTI office's console (Sở): rounds, agencies, assignments and accounts, over the apps' services."""
