"""Sign-offs: which roles approved a referral, in order, in time; and its status."""

from generator.domain.signoff.approval import ChainResult, match_chain
from generator.domain.signoff.status import CLOSED, SIGNED_OFF, STATES, ReferralStatus, State, status_of

__all__ = ["CLOSED", "SIGNED_OFF", "STATES", "ChainResult", "ReferralStatus", "State", "match_chain", "status_of"]
