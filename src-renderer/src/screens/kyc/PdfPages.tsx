import { useEffect, useRef, useState } from 'react';
import { Center, Loader, Stack, Text } from '@mantine/core';
import { getDocument, GlobalWorkerOptions } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

// The renderer's CSP has `frame-src 'none'; object-src 'none'`, so a PDF cannot go in an <iframe>
// or <embed>: PDF.js draws its pages on canvases instead, its worker loaded from the app's own
// origin (`worker-src 'self'`). Nothing is fetched: the bytes come from the vault read.
GlobalWorkerOptions.workerSrc = workerUrl;

/** Pages drawn at most; a KYC scan has one or two, a registry extract a handful. */
const MAX_PAGES = 20;
/** CSS pixels of the widest page; the canvas holds devicePixelRatio times as many. */
const TARGET_WIDTH = 560;

/**
 * A PDF drawn page by page from its bytes. Scripts, forms and eval stay off: the document is
 * evidence to look at, never something that runs.
 */
export function PdfPages({ bytes, label }: { bytes: Uint8Array; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<{ pages: number; shown: number; error?: string }>({ pages: 0, shown: 0 });

  useEffect(() => {
    let cancelled = false;
    const container = host.current;
    if (!container) return;
    container.replaceChildren();
    setState({ pages: 0, shown: 0 });
    // PDF.js takes ownership of (detaches) the buffer it is given: hand it a copy.
    const task = getDocument({ data: bytes.slice(), isEvalSupported: false, enableXfa: false, useSystemFonts: true, stopAtErrors: false });
    void (async () => {
      try {
        const pdf = await task.promise;
        const count = Math.min(pdf.numPages, MAX_PAGES);
        for (let n = 1; n <= count && !cancelled; n++) {
          const page = await pdf.getPage(n);
          const base = page.getViewport({ scale: 1 });
          const scale = TARGET_WIDTH / base.width;
          const ratio = window.devicePixelRatio || 1;
          const viewport = page.getViewport({ scale: scale * ratio });
          const canvas = document.createElement('canvas');
          canvas.width = Math.ceil(viewport.width);
          canvas.height = Math.ceil(viewport.height);
          canvas.style.width = `${Math.ceil(viewport.width / ratio)}px`;
          canvas.style.height = `${Math.ceil(viewport.height / ratio)}px`;
          canvas.setAttribute('data-testid', 'kyc-pdf-page');
          canvas.setAttribute('aria-label', `${label}, page ${n} of ${pdf.numPages}`);
          canvas.setAttribute('role', 'img');
          await page.render({ canvas, viewport }).promise;
          if (cancelled) break;
          container.append(canvas);
          setState({ pages: pdf.numPages, shown: n });
        }
      } catch (error) {
        if (!cancelled) setState({ pages: 0, shown: 0, error: error instanceof Error ? error.message : String(error) });
      }
    })();
    return () => {
      cancelled = true;
      void task.destroy();
    };
  }, [bytes, label]);

  return (
    <Stack gap={6} align="center" data-testid="kyc-pdf" data-pages={state.pages} data-shown={state.shown}>
      {state.error ? (
        <Text size="sm" c="red" data-testid="kyc-pdf-error">
          This PDF could not be drawn: {state.error}
        </Text>
      ) : state.shown === 0 ? (
        <Center h={120}>
          <Loader size="sm" />
        </Center>
      ) : null}
      <div ref={host} style={{ display: 'flex', flexDirection: 'column', gap: 8, alignItems: 'center' }} />
      {state.pages > MAX_PAGES && (
        <Text size="xs" c="dimmed">
          The first {MAX_PAGES} of {state.pages} pages are shown.
        </Text>
      )}
    </Stack>
  );
}
