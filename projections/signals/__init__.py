"""Signals: group claims on an organization ("the whole MLX team considered leaving"), which never
touch timelines, rosters, headcounts or flows (docs/domain.md#group-claims)."""
