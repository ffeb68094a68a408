"""Sign-offs: which roles approved a referral, in order, in time; and its status."""

from .chain import ChainResult, match_chain
from .status import STATES, ReferralStatus, referral_status

__all__ = ["STATES", "ChainResult", "ReferralStatus", "match_chain", "referral_status"]
