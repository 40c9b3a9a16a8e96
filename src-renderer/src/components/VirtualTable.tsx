import { useEffect, useRef, type ReactNode } from 'react';
import { Button, Loader, Text } from '@mantine/core';
import { useVirtualizer } from '@tanstack/react-virtual';
import classes from './VirtualTable.module.css';

export interface Column<T> {
  readonly key: string;
  readonly header: ReactNode;
  /** A CSS grid track: `120px`, `minmax(160px, 1fr)`. */
  readonly width: string;
  readonly align?: 'left' | 'right';
  readonly render: (row: T) => ReactNode;
  /** Full text on hover for cells that may be cut. */
  readonly title?: (row: T) => string | undefined;
}

interface Props<T> {
  readonly rows: readonly T[];
  readonly columns: readonly Column<T>[];
  readonly rowKey: (row: T) => string | number;
  /** data-* attributes of a row (tests and styles read them). */
  readonly rowData?: (row: T) => Readonly<Record<`data-${string}`, string | undefined>>;
  readonly onRowClick?: (row: T) => void;
  readonly selectedKey?: string | number | null;
  /** Scroll the selected row into view when the selection changes (keyboard navigation). */
  readonly followSelection?: boolean;
  readonly hasMore: boolean;
  readonly loading: boolean;
  readonly onLoadMore: () => void;
  readonly ariaLabel: string;
  readonly testId: string;
  readonly rowTestId: string;
  /** Shown instead of rows when there are none and nothing is loading. */
  readonly empty: ReactNode;
  readonly loadingLabel?: string;
  /** A row drawn above the data rows (a statement's opening balance). */
  readonly leadRow?: ReactNode;
  /**
   * A queue that can show any position at once (the alert queue): the table is `total` rows high,
   * draws `rowAt(i)` or a placeholder row while its page loads, and reports the visible window
   * (`onRange`) instead of asking for more at the end. `rows` are then only the loaded ones, and
   * `selectedIndex` (the selection's position in the whole queue) replaces searching them.
   */
  readonly sparse?: {
    readonly total: number;
    readonly rowAt: (index: number) => T | undefined;
    readonly onRange: (first: number, last: number) => void;
    readonly selectedIndex?: number;
    /** The rows actually in view (no overscan, none under the header), for counters and "select in view". */
    readonly onView?: (first: number, last: number) => void;
    /**
     * A position whose page could not be loaded (after the caller's retries): drawn as an error row —
     * the message and a Retry action on the failed block's first row in view, a tinted row elsewhere.
     */
    readonly failureAt?: (index: number) => { readonly key: number; readonly first: number; readonly last: number; readonly message: string } | undefined;
    readonly onRetry?: (key: number) => void;
  };
}

/** The fixed or minimum pixels of a grid track (`120px`, `minmax(160px, 1fr)`); 0 for anything else. */
function minPixels(track: string): number {
  const match = /^(?:minmax\()?(\d+(?:\.\d+)?)px/.exec(track);
  return match ? Number(match[1]) : 0;
}

/** Which row of a failed block carries its message: the block's first row in view (or its first row). */
export function failureMessageRow(block: { readonly first: number; readonly last: number }, firstInView: number): number {
  return Math.min(block.last, Math.max(block.first, firstInView));
}

const ROW_HEIGHT = 34;
const HEADER_HEIGHT = 34;
/** Ask for the next page when the last rendered row is this close to the end. */
const PREFETCH_ROWS = 20;

/**
 * A virtualised grid in the Audit screen's style (Ledger, Audit, Evidence, Withdrawals): a sticky header and only the rows in view in the
 * DOM, so a book of millions of rows scrolls as lightly as one of ten. More rows are fetched (by
 * keyset) as the last ones come into view.
 */
export function VirtualTable<T>(props: Props<T>) {
  const { rows, columns, rowKey, rowData, onRowClick, selectedKey, followSelection = false, hasMore, loading, onLoadMore, ariaLabel, testId, rowTestId, empty, loadingLabel = 'Loading more…', leadRow, sparse } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const lead = leadRow ? 1 : 0;
  const count = sparse ? lead + sparse.total : lead + rows.length + (hasMore ? 1 : 0);
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 16,
    scrollMargin: HEADER_HEIGHT,
    // A row scrolled to the top must land below the sticky header, not under it.
    scrollPaddingStart: HEADER_HEIGHT,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items[items.length - 1]?.index ?? -1;
  const firstIndex = items[0]?.index ?? 0;

  useEffect(() => {
    if (!sparse && hasMore && !loading && lastIndex >= lead + rows.length - PREFETCH_ROWS) onLoadMore();
  }, [sparse, hasMore, loading, lastIndex, lead, rows.length, onLoadMore]);

  const onRange = sparse?.onRange;
  useEffect(() => {
    if (onRange) onRange(Math.max(0, firstIndex - lead), Math.max(0, lastIndex - lead));
  }, [onRange, firstIndex, lastIndex, lead]);

  // The rows in view (more than half visible below the sticky header), from the scroll offset: rows are of one fixed height.
  const scrollTop = virtualizer.scrollOffset ?? 0;
  const viewport = virtualizer.scrollRect?.height ?? 0;
  const viewFirst = Math.max(0, Math.ceil((scrollTop - ROW_HEIGHT / 2) / ROW_HEIGHT) - lead);
  const viewLast = Math.floor((scrollTop + viewport - HEADER_HEIGHT - ROW_HEIGHT / 2) / ROW_HEIGHT) - lead;
  const onView = sparse?.onView;
  useEffect(() => {
    if (onView) onView(viewFirst, Math.min(viewLast, (sparse?.total ?? 0) - 1));
  }, [onView, viewFirst, viewLast, sparse?.total]);

  // When the selection moves (or its row arrives); 'auto' leaves a row already in view where it is.
  const selectedIndex = !followSelection || selectedKey === null || selectedKey === undefined ? -1 : sparse ? (sparse.selectedIndex ?? -1) : rows.findIndex((r) => rowKey(r) === selectedKey);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(lead + selectedIndex, { align: 'auto' });
  }, [virtualizer, lead, selectedIndex, selectedKey]);

  const template = columns.map((c) => c.width).join(' ');
  // Columns never shrink below their minimum (amounts would lose digits): the table scrolls instead.
  const minWidth = columns.reduce((sum, c) => sum + minPixels(c.width), 0);
  const showEmpty = sparse ? sparse.total === 0 && !loading : rows.length === 0 && !hasMore && !loading;

  return (
    <div ref={scrollRef} className={classes.scroller} role="table" aria-label={ariaLabel} aria-rowcount={sparse ? sparse.total : rows.length} data-testid={testId}>
      <div className={`${classes.grid} ${classes.header}`} role="row" style={{ gridTemplateColumns: template, minWidth }}>
        {columns.map((c) => (
          <div key={c.key} role="columnheader" className={c.align === 'right' ? classes.right : undefined}>
            {c.header}
          </div>
        ))}
      </div>
      {showEmpty ? (
        <div className={classes.empty} data-testid={`${testId}-empty`}>
          {empty}
        </div>
      ) : (
        <div className={classes.body} style={{ height: virtualizer.getTotalSize(), minWidth }}>
          {items.map((item) => {
            const top = item.start - HEADER_HEIGHT;
            if (lead === 1 && item.index === 0) {
              return (
                <div key="lead" className={`${classes.grid} ${classes.row} ${classes.leadRow}`} style={{ top, gridTemplateColumns: template }} role="row">
                  {leadRow}
                </div>
              );
            }
            const row = sparse ? sparse.rowAt(item.index - lead) : rows[item.index - lead];
            const failure = sparse && row === undefined ? sparse.failureAt?.(item.index - lead) : undefined;
            if (failure) {
              const index = item.index - lead;
              const withMessage = index === failureMessageRow(failure, viewFirst);
              return (
                <div key={`failed-${item.index}`} role="row" aria-rowindex={index + 1} className={`${classes.row} ${classes.failedRow}`} style={{ top }} data-testid={`${rowTestId}-failed`} data-failed-first={failure.first + 1} data-failed-last={failure.last + 1}>
                  {withMessage && (
                    <div role="cell" className={classes.failedCell}>
                      <Text span size="sm" c="red.8" truncate="end" title={failure.message}>
                        Rows {(failure.first + 1).toLocaleString('en-US')}–{(failure.last + 1).toLocaleString('en-US')} could not be loaded: {failure.message}
                      </Text>
                      {sparse?.onRetry && (
                        <Button size="compact-xs" variant="light" color="red" onClick={() => sparse.onRetry?.(failure.key)} data-testid={`${rowTestId}-retry`}>
                          Retry
                        </Button>
                      )}
                    </div>
                  )}
                </div>
              );
            }
            if (sparse && row === undefined) {
              // Its page is on the way: a placeholder of the row's height, at the row's place.
              return (
                <div key={`placeholder-${item.index}`} role="row" aria-rowindex={item.index - lead + 1} aria-busy="true" className={`${classes.grid} ${classes.row}`} style={{ top, gridTemplateColumns: template }} data-testid={`${rowTestId}-placeholder`}>
                  {columns.map((c) => (
                    <div key={c.key} role="cell">
                      <span className={classes.placeholder} />
                    </div>
                  ))}
                </div>
              );
            }
            if (row === undefined) {
              return (
                <div key="loader" className={classes.loaderRow} style={{ top }}>
                  <Loader size="xs" mr={8} />
                  <Text span size="xs" c="dimmed">
                    {loadingLabel}
                  </Text>
                </div>
              );
            }
            const key = rowKey(row);
            return (
              <div
                key={key}
                role="row"
                tabIndex={onRowClick ? 0 : undefined}
                className={`${classes.grid} ${classes.row}${onRowClick ? ` ${classes.clickable}` : ''}`}
                style={{ top, gridTemplateColumns: template }}
                data-testid={rowTestId}
                aria-rowindex={sparse ? item.index - lead + 1 : undefined}
                data-selected={selectedKey === key ? '' : undefined}
                {...rowData?.(row)}
                onClick={onRowClick ? () => onRowClick(row) : undefined}
                onKeyDown={
                  onRowClick
                    ? (e) => {
                        if (e.key === 'Enter' || e.key === ' ') {
                          e.preventDefault();
                          onRowClick(row);
                        }
                      }
                    : undefined
                }
              >
                {columns.map((c) => (
                  <div key={c.key} role="cell" className={c.align === 'right' ? classes.right : undefined} title={c.title?.(row)}>
                    {c.render(row)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
