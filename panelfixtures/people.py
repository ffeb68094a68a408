"""The fictional people of the fixture panel.yml (and the example's), as git identities (name, email)."""

from __future__ import annotations

Who = tuple[str, str]

COORDINATOR: Who = ("Sam Okoro", "sam.okoro@council.example")
WORKER: Who = ("Priya Shah", "priya.shah@council.example")
TM: Who = ("Tom Reyes", "tom.reyes@council.example")
"""The team manager, first in the sign-off chain."""
TM2: Who = ("Hannah Cole", "hannah.cole@council.example")
SM: Who = ("Lena Novak", "lena.novak@council.example")
"""The service manager, second in the sign-off chain."""
FINANCE: Who = ("Ruth Bell", "ruth.bell@council.example")
CHAIR: Who = ("Dana Whitfield", "dana.whitfield@council.example")
FORGE: Who = ("GitLab", "gitlab@council.example")
"""The identity a forge merges as."""
APPROVERS: tuple[Who, ...] = (TM, SM)
"""The team manager and service manager of the sign-off chain, in order."""
