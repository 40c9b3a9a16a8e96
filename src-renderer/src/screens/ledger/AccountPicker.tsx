import { useEffect, useState } from 'react';
import { Select } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { invoke } from '../../api';

export interface PickedAccount {
  readonly id: string;
  readonly code: string;
  readonly assetId: string;
}

/**
 * Choose one account by typing part of its code or customer: the core searches (the book may hold
 * hundreds of thousands of accounts, so nothing is listed up front beyond the first matches).
 */
export function AccountPicker({ value, onChange, w = 260 }: { value: PickedAccount | null; onChange: (account: PickedAccount | null) => void; w?: number }) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 200);
  const [options, setOptions] = useState<{ value: string; label: string; assetId: string }[]>([]);

  useEffect(() => {
    let live = true;
    const text = debounced.trim().slice(0, 64);
    void invoke('ledger.accounts.list', { limit: 30, ...(text ? { search: text } : {}) }).then((result) => {
      if (live && result.ok) setOptions(result.value.accounts.map((a) => ({ value: a.id, label: a.code, assetId: a.assetId })));
    });
    return () => {
      live = false;
    };
  }, [debounced]);

  const data = value && !options.some((o) => o.value === value.id) ? [{ value: value.id, label: value.code, assetId: value.assetId }, ...options] : options;
  return (
    <Select
      label="Account"
      placeholder="Any account"
      searchable
      clearable
      w={w}
      data={data}
      value={value?.id ?? null}
      onChange={(id) => {
        const picked = data.find((o) => o.value === id);
        onChange(picked ? { id: picked.value, code: picked.label, assetId: picked.assetId } : null);
      }}
      searchValue={search}
      onSearchChange={setSearch}
      // The core already filtered by the search text; filtering again here would hide nothing but cost.
      filter={({ options: all }) => all}
      nothingFoundMessage="No account matches"
      selectFirstOptionOnChange
      comboboxProps={{ withinPortal: true }}
      classNames={{ option: 'mono' }}
      data-testid="journal-account"
    />
  );
}
