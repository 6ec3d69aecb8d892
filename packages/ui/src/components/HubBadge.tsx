import type { OpenModel } from '../state/types.js';

type HubSource = NonNullable<OpenModel['hubSource']>;

/** The commit a pinned Hub model was read at, short as git prints it, and the day it was looked up. */
export function HubBadge({ source }: { source: HubSource }) {
  const reference = source.quant ? `${source.repo}:${source.quant}` : source.repo;
  return (
    <span className="tag hub-badge" title={`${reference} at commit ${source.commit}, read ${source.lookedUpAt}`}>
      looked up on the Hub, commit {source.commit.slice(0, 7)} on {source.lookedUpAt.slice(0, 10)}
    </span>
  );
}
