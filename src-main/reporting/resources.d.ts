/*
 * Vite (electron-vite for the build, vitest for the tests) inlines a file imported with `?raw` as
 * a string. The reporting module ships its goAML schema that way, so the XSD travels inside the
 * bundle and needs no path lookup at run time.
 */
declare module '*.xsd?raw' {
  const text: string;
  export default text;
}
