import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: { include: ['test/**/*.test.ts'], pool: 'threads', poolOptions: { threads: { maxThreads: 1, minThreads: 1 } } },
});
