// Runs inside the call details webview. Everything it shows arrives by postMessage from the
// extension, which alone talks to Telnyx (the API key never reaches this page).
import { App, type VsCodeApi } from './app';

declare function acquireVsCodeApi(): VsCodeApi;

const root = document.getElementById('app');
if (root) new App(acquireVsCodeApi(), root);
