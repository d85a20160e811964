import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

/**
 * Vite 8 compiles TSX with its built-in Oxc transform (React's automatic JSX runtime), so the app
 * builds without @vitejs/plugin-react: npm 11 refuses to install plugin-react 6.3.0 beside jest's
 * @babel/core 7 (ERESOLVE through its optional peer @rolldown/plugin-babel). What the plugin adds
 * on top is Fast Refresh in the dev server, which nothing here needs.
 */
const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The Rijkshuisstijl Community React bundle also injects its whole stylesheet at load time through
 * a <style> element (styleInject), which the strict CSP refuses, as it should. The same stylesheet
 * is @rijkshuisstijl-community/components-css, which main.tsx imports as a file; so the injection
 * is taken out of the module (which also takes about 340 kB of CSS text out of the JavaScript).
 */
function withoutInjectedStyles(): Plugin {
  return {
    name: 'oneroof:rhc-without-injected-styles',
    enforce: 'pre',
    transform(code, id) {
      if (!/@rijkshuisstijl-community\/components-react\/dist\/index\.esm\.js$/.test(id)) return undefined;
      // The bundle reads `var css_248z = "…"; styleInject(css_248z);` (rollup-plugin-styles' output).
      const stripped = code.replace(/var (css_\w+) = "(?:[^"\\]|\\.)*";\s*styleInject\(\1\);/g, '');
      if (stripped === code) this.error('the Rijkshuisstijl bundle no longer injects its styles as expected: check withoutInjectedStyles');
      return { code: stripped, map: null };
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [withoutInjectedStyles()],
  resolve: {
    alias: {
      '@oneroof/api-client': fileURLToPath(new URL('../../libs/api-client/src/index.ts', import.meta.url)),
      // The working-day rule the server counts with (pure: no Node, no package), not a copy of it.
      '@oneroof/working-days': fileURLToPath(new URL('../../libs/working-days/src/index.ts', import.meta.url)),
    },
  },
  // No inline script or style in the output: the API's CSP allows only 'self' (design.md §10).
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
    // One chunk on purpose for now: the budget that counts is the initial load, under 300 kB gzip.
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      // TanStack Query marks its modules "use client" for server components; meaningless in a SPA.
      onwarn(warning, warn) {
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
