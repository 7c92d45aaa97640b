import * as vscode from 'vscode';
import type { DoctorOptions } from '../doctor/index';

/** The doctor's thresholds from the settings (telnyx.doctor.*), for the panel, the command and the chat. */
export function doctorOptionsFromSettings(): DoctorOptions {
  const config = vscode.workspace.getConfiguration('telnyx');
  const positive = (value: unknown, fallback: number): number =>
    typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
  return {
    reactionBudgetMs: positive(config.get('doctor.reactionBudget'), 1000),
    danglingLegMs: positive(config.get('doctor.danglingLegThreshold'), 30) * 1000,
    nowMs: Date.now(),
  };
}
