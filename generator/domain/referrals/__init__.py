"""Referrals: requests to the panel written as markdown with YAML front matter."""

from generator.domain.referrals.model import Child, Costs, Referral
from generator.domain.referrals.reader import ReferralReader
from generator.domain.referrals.schema import referral_schema

__all__ = ["Child", "Costs", "Referral", "ReferralReader", "referral_schema"]
