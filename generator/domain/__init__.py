"""The panel's rules and records as pure objects: configuration, referrals, decisions, agendas, registers, sign-off."""
