"""The import targets of indicators (none yet: targets from a spreadsheet are still to come)."""
