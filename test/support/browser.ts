/**
 * Headless Chromium for the page tests: Debian's `chromium` (or CHROMIUM_PATH), driven by
 * playwright-core, with nothing of its own talking to the network, and a folder per test for
 * the screenshots a person looks at when one fails.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/config.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** test-results/NAME, made if missing. */
export function screenshotFolder(name: string): string {
  const folder = path.join(PROJECT_ROOT, 'test-results', name);
  mkdirSync(folder, { recursive: true });
  return folder;
}
