import * as vscode from 'vscode';
import { redactBearerTokens } from '../telnyx/redact';

/**
 * The "Telnyx" output channel. Every line passes through redaction: the current key (and its
 * base64 / URL-encoded forms) and anything shaped like a bearer token never reach the log.
 */
export class Logger implements vscode.Disposable {
  private readonly channel: vscode.LogOutputChannel;
  private readonly secrets = new Set<string>();

  constructor(name = 'Telnyx') {
    this.channel = vscode.window.createOutputChannel(name, { log: true });
  }

  /** Registers a secret so that it, and its encoded forms, are masked in every later line. */
  addSecret(secret: string | undefined): void {
    if (!secret || secret.length < 4) return;
    this.secrets.add(secret);
    this.secrets.add(Buffer.from(secret, 'utf8').toString('base64'));
    this.secrets.add(encodeURIComponent(secret));
  }

  /** Bound, so it can be handed on as it is (`{ redact: log.redact }`). */
  readonly redact = (text: string): string => {
    let result = redactBearerTokens(text);
    for (const secret of this.secrets) result = result.split(secret).join('[redacted]');
    return result;
  };

  info(message: string): void {
    this.channel.info(this.redact(message));
  }
  warn(message: string): void {
    this.channel.warn(this.redact(message));
  }
  error(message: string): void {
    this.channel.error(this.redact(message));
  }
  debug(message: string): void {
    this.channel.debug(this.redact(message));
  }
  show(): void {
    this.channel.show(true);
  }
  dispose(): void {
    this.channel.dispose();
  }
}
