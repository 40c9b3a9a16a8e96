import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/** A patch of URL query parameters: a string sets one, null removes it. */
export type UrlParamsPatch = Readonly<Record<string, string | null>>;

/**
 * The screen's filters live in the URL (a reload or a shared link keeps them). Returns the current
 * parameters and a function that applies a patch to them, leaving the others as they are.
 */
export function useUrlParams(): [URLSearchParams, (patch: UrlParamsPatch) => void] {
  const [params, setParams] = useSearchParams();
  const update = useCallback(
    (patch: UrlParamsPatch) =>
      setParams((previous) => {
        const next = new URLSearchParams(previous);
        for (const [key, value] of Object.entries(patch)) {
          if (value === null) next.delete(key);
          else next.set(key, value);
        }
        return next;
      }),
    [setParams],
  );
  return [params, update];
}
