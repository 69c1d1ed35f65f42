"""Pure text -> value passes: units, policies, indicators, milestones, places."""
