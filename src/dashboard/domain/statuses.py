"""The flow-status vocabulary, once, and the named subsets the analyses use."""

from __future__ import annotations

EXISTING, PLANNED, POTENTIAL, DISCONTINUED = "existing", "planned", "potential", "discontinued"
CANDIDATE = "candidate"
"""Not a flow status: an exchange proposed by the matching engine."""

FLOW_STATUSES = (EXISTING, PLANNED, POTENTIAL, DISCONTINUED)
"""Every status a flow may have (the `status` column of flows)."""
ACTIVE = (EXISTING, PLANNED, POTENTIAL)
"""Flows that are or may be running: drawn on the map and joined into chains by default."""
COVERING = (EXISTING, PLANNED)
"""Flows that already take care of a have/want pair, so matching does not propose it again."""
REAL = (EXISTING, PLANNED, DISCONTINUED)
"""Flows that happened or are decided; the others (potential, candidates) are proposals."""
EXCHANGE_STATUSES = (*FLOW_STATUSES, CANDIDATE)
"""Every status an assessed exchange may carry."""
