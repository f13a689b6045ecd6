"""Create/read/update/delete, one module per aggregate; every function is keyword-only
and takes the caller's session, so callers decide the transaction boundaries."""
