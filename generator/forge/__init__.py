"""What the forge's merge bots need from Panel Papers (the GitHub merge workflow's logic, testable)."""
