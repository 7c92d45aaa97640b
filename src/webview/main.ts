// Runs inside the call details webview. Filled by the call details issue.
