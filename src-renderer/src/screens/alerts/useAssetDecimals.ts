import { useEffect, useState } from 'react';
import { invoke } from '../../api';

/** Each asset's decimals from the ledger (ledger.assets.list), for showing minor units exactly. */
export function useAssetDecimals(): ReadonlyMap<string, number> {
  const [decimals, setDecimals] = useState<ReadonlyMap<string, number>>(new Map());
  useEffect(() => {
    let live = true;
    void invoke('ledger.assets.list', {}).then((result) => {
      if (live && result.ok) setDecimals(new Map(result.value.assets.map((a) => [a.id, a.decimals])));
    });
    return () => {
      live = false;
    };
  }, []);
  return decimals;
}
