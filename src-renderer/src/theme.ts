import { createTheme, type MantineColorsTuple } from '@mantine/core';

/** A deep blue-slate for chrome and primary actions: calm, legible, not "crypto neon". */
const vault: MantineColorsTuple = ['#eef3fb', '#dce4f2', '#b5c6e5', '#8ba6d8', '#6889cd', '#5277c6', '#466ec4', '#375dad', '#2e529b', '#21468a'];

export const theme = createTheme({
  primaryColor: 'vault',
  primaryShade: { light: 7, dark: 5 },
  colors: { vault },
  fontFamily: "'Inter Variable', system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  fontFamilyMonospace: "'JetBrains Mono Variable', ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace",
  headings: { fontFamily: "'Inter Variable', system-ui, sans-serif", fontWeight: '600' },
  defaultRadius: 'sm',
  cursorType: 'pointer',
  respectReducedMotion: true,
  fontSizes: { xs: '0.75rem', sm: '0.8125rem', md: '0.875rem', lg: '1rem', xl: '1.125rem' },
  components: {
    Button: { defaultProps: { size: 'sm' } },
    TextInput: { defaultProps: { size: 'sm' } },
    PasswordInput: { defaultProps: { size: 'sm' } },
    Badge: { defaultProps: { radius: 'sm' } },
    Tooltip: { defaultProps: { withArrow: true, openDelay: 300 } },
  },
});
