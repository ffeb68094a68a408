"""Referrals: requests to the panel written as markdown with YAML front matter."""

from generator.referrals.model import Child, Costs, Referral
from generator.referrals.reader import ReferralReader
from generator.referrals.schema import referral_schema

__all__ = ["Child", "Costs", "Referral", "ReferralReader", "referral_schema"]
