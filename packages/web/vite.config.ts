import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * Vendor chunks, cached across releases and kept apart from the app's own code.
 * antd is split by the set of routes using each module (`entriesAware`), so the login
 * page downloads only the components it renders; the other vendors are one chunk each.
 */
const VENDOR_CHUNKS = [
  {
    name: 'react',
    test: /node_modules[\\/](react|react-dom|react-router|scheduler|cookie|set-cookie-parser)[\\/]/,
    isEntriesAware: false,
  },
  { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, isEntriesAware: false },
  {
    name: 'antd',
    test: /node_modules[\\/](antd|@ant-design|@rc-component|dayjs|@babel[\\/]runtime|clsx|classnames|stylis|@emotion)[\\/]/,
    isEntriesAware: true,
  },
] as const;

/** Small per-route antd pieces are merged into a neighbour rather than fetched on their own. */
const MERGE_BELOW_BYTES = 0;

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    manifest: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // entriesAware subgroups are named after their routes (`antd~index~BasicLayout`); keep the vendor prefix only.
        chunkFileNames: (chunk) => `assets/${chunk.name.split('~')[0]}-[hash].js`,
        codeSplitting: {
          groups: VENDOR_CHUNKS.map((chunk) => ({
            name: chunk.name,
            test: chunk.test,
            entriesAware: chunk.isEntriesAware,
            entriesAwareMergeThreshold: chunk.isEntriesAware ? MERGE_BELOW_BYTES : 0,
          })),
        },
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000' } },
  },
  preview: {
    proxy: { '/api': { target: 'http://127.0.0.1:3000' } },
  },
});
