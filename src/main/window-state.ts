import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { nodeAtomicFs, writeFileDurable } from './fs/atomic-file';

/** The main window's remembered size and position. */
export interface WindowState {
  readonly x?: number;
  readonly y?: number;
  readonly width: number;
  readonly height: number;
  readonly maximized: boolean;
}

/** A display's usable area, to keep a remembered window on screen. */
export interface WorkArea {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const DEFAULT_WINDOW_STATE: WindowState = { width: 1440, height: 900, maximized: false };
/** The editor works from 1280 × 800 up; below that panels would collapse. */
export const MIN_WINDOW_SIZE = { width: 1280, height: 800 } as const;

const stateSchema = z.object({
  schemaVersion: z.literal(1),
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(200).max(20_000),
  height: z.number().int().min(200).max(20_000),
  maximized: z.boolean(),
});

/** Reads the remembered state; anything missing or invalid gives the default (never throws). */
export function loadWindowState(file: string, workAreas: readonly WorkArea[]): WindowState {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return DEFAULT_WINDOW_STATE;
  }
  const parsed = stateSchema.safeParse(raw);
  if (!parsed.success) return DEFAULT_WINDOW_STATE;
  const { x, y, width, height, maximized } = parsed.data;
  const size = { width: Math.max(width, MIN_WINDOW_SIZE.width), height: Math.max(height, MIN_WINDOW_SIZE.height) };
  // A window remembered on a monitor that is gone would open off screen: drop the position then.
  const visible =
    x !== undefined &&
    y !== undefined &&
    workAreas.some((a) => x + 100 > a.x && x < a.x + a.width - 100 && y >= a.y && y < a.y + a.height - 50);
  return visible ? { x, y, ...size, maximized } : { ...size, maximized };
}

/** Writes the state atomically, through the one atomic writer (`fs/atomic-file`). */
export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFileDurable(nodeAtomicFs, file, JSON.stringify({ schemaVersion: 1, ...state }));
}
