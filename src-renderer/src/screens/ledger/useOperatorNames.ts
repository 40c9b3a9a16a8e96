import { useCallback, useEffect, useState } from 'react';
import { invoke } from '../../api';
import { useSession } from '../../stores/session.store';
import { holdsAny, OPERATOR_READERS } from './ledger-roles';

/**
 * Reconciliation records name operators by id (`op_…`). The operator's own id is known from the
 * session; other names come from operators.list, which only admins and auditors may call. For
 * everyone else another operator stays an id: the screen does not guess.
 */
export function useOperatorNames(): (operatorId: string) => string {
  const me = useSession((s) => s.operator);
  const [names, setNames] = useState<ReadonlyMap<string, string>>(new Map());
  const mayList = me ? holdsAny(me.roles, OPERATOR_READERS) : false;

  useEffect(() => {
    if (!mayList) return;
    let live = true;
    void invoke('operators.list', {}).then((result) => {
      if (live && result.ok) setNames(new Map(result.value.operators.map((o) => [o.id, `${o.displayName} (${o.username})`])));
    });
    return () => {
      live = false;
    };
  }, [mayList]);

  return useCallback(
    (operatorId: string) => {
      if (me && operatorId === me.id) return `${me.displayName} (you)`;
      return names.get(operatorId) ?? operatorId;
    },
    [me, names],
  );
}
