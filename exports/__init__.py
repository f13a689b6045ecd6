"""Tables people take away: obligations, targets and the 责任分解表, in four formats."""
