import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Component tests: Testing Library in happy-dom, for the pieces of the web app that hold logic. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  resolve: {
    alias: {
      '@oneroof/api-client': fileURLToPath(new URL('../../libs/api-client/src/index.ts', import.meta.url)),
      // The working-day rule the server counts with (pure: no Node, no package), not a copy of it.
      '@oneroof/working-days': fileURLToPath(new URL('../../libs/working-days/src/index.ts', import.meta.url)),
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  test: {
    environment: 'happy-dom',
    // Testing Library cleans up after each test through the global afterEach.
    globals: true,
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
  },
});
