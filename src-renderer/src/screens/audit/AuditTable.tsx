import { useEffect, useRef } from 'react';
import { Loader, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { CommandOutput } from '../../api';
import { OutcomeBadge } from '../../components/Badges';
import { formatUtc, shortHash } from '../../lib/format';
import classes from './audit.module.css';

export type AuditEntry = CommandOutput<'audit.list'>['entries'][number];

const ROW_HEIGHT = 34;
const HEADER_HEIGHT = 34;
/** Ask for the next page when the last rendered row is this close to the end. */
const PREFETCH_ROWS = 15;

const COLUMNS = ['Seq', 'Time (UTC)', 'Operator', 'Command', 'Outcome', 'Error code', 'Input digest', 'Entry hash'] as const;

interface Props {
  readonly entries: readonly AuditEntry[];
  readonly hasMore: boolean;
  readonly loading: boolean;
  readonly selectedSeq: number | null;
  readonly onSelect: (entry: AuditEntry) => void;
  readonly onLoadMore: () => void;
}

/**
 * The trail as a virtualised grid: only the rows in view exist in the DOM, so a trail of millions
 * of entries scrolls as lightly as one of ten. Pages arrive by keyset (`beforeSeq`) as the last
 * rows come into view.
 */
export function AuditTable({ entries, hasMore, loading, selectedSeq, onSelect, onLoadMore }: Props) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const count = entries.length + (hasMore ? 1 : 0);
  // Rows start below the sticky header: scrollMargin keeps the virtualiser's window aligned.
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 16,
    scrollMargin: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? -1;

  useEffect(() => {
    if (hasMore && !loading && lastIndex >= entries.length - PREFETCH_ROWS) onLoadMore();
  }, [hasMore, loading, lastIndex, entries.length, onLoadMore]);

  return (
    <div ref={scrollRef} className={classes.scroller} role="table" aria-label="Audit trail" aria-rowcount={entries.length} data-testid="audit-table">
      <div className={`${classes.grid} ${classes.header}`} role="row">
        {COLUMNS.map((c, i) => (
          <div key={c} role="columnheader" className={i === 0 ? classes.num : undefined}>
            {c}
          </div>
        ))}
      </div>
      <div className={classes.body} style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const entry = entries[item.index];
          const top = item.start - HEADER_HEIGHT;
          if (!entry) {
            return (
              <div key="loader" className={classes.loaderRow} style={{ top }}>
                <Loader size="xs" mr={8} /> Loading older entries…
              </div>
            );
          }
          return (
            <div
              key={entry.seq}
              role="row"
              tabIndex={0}
              className={`${classes.grid} ${classes.row}`}
              style={{ top }}
              data-testid="audit-row"
              data-seq={entry.seq}
              data-command={entry.command}
              data-outcome={entry.outcome}
              data-selected={selectedSeq === entry.seq ? '' : undefined}
              onClick={() => onSelect(entry)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  onSelect(entry);
                }
              }}
            >
              <div role="cell" className={classes.num}>
                {entry.seq}
              </div>
              <div role="cell" className="mono">
                {formatUtc(entry.at)}
              </div>
              <div role="cell">{entry.operatorUsername ?? <Text span size="sm" c="dimmed">—</Text>}</div>
              <div role="cell" className="mono" title={entry.command}>
                {entry.command}
              </div>
              <div role="cell">
                <OutcomeBadge outcome={entry.outcome} />
              </div>
              <div role="cell" className="mono">
                {entry.errorCode ?? <Text span size="sm" c="dimmed">—</Text>}
              </div>
              <div role="cell" className="mono" title={entry.inputDigest}>
                {shortHash(entry.inputDigest)}
              </div>
              <div role="cell" className="mono" title={entry.hash}>
                {shortHash(entry.hash)}
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
