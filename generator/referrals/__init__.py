"""Referrals: requests to the panel written as markdown with YAML front matter."""

from .model import Child, Costs, Referral
from .reader import ReferralReader
from .schema import referral_schema

__all__ = ["Child", "Costs", "Referral", "ReferralReader", "referral_schema"]
