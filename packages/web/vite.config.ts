import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { precompress } from './build/precompress';

export default defineConfig({
  plugins: [vue(), precompress()],
  build: {
    // Government desktops run older Chromium cores (360, Qi An Xin): keep the output Chrome 87 compatible.
    target: 'chrome87',
    cssTarget: 'chrome87',
    chunkSizeWarningLimit: 1500,
  },
  server: { proxy: { '/api': 'http://localhost:8080' } },
});
