import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// Built into dist/, which the local run (./mvnw spring-boot:test-run) serves at /demo/.
// `npm run dev` serves it on :5173 and forwards /api and /ws to the service (PULSE_URL, default :8084).
const target = process.env.PULSE_URL ?? 'http://127.0.0.1:8084';

export default defineConfig({
  base: '/demo/',
  resolve: { alias: { '@pulse/sdk': fileURLToPath(new URL('../typescript/src/index.ts', import.meta.url)) } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2020' },
  server: { proxy: { '/api': target, '/ws': { target, ws: true } } },
});
