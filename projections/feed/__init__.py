"""The change feed: every event in position order (``tl_events``), written in the same
transactions as the other read models, so that it has no gaps and lags the store by at most one
page. Its handler runs first for every event and hands the others the event as stored."""
