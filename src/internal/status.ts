import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';

export type StatusTone = 'success' | 'error';

/** The bubble on screen: one at a time in the page (a dialog opened on top of another clears the one under it). */
let shown: StatusController | null = null;

/** Clears the bubble on screen, if any (a dialog opens: the last one's news is old). */
export function clearStatus(): void {
  shown?.clear();
}

/**
 * The small status bubble of the seed ("Enregistré avec succès"). A polite live
 * region that stays in the DOM, so screen readers announce each new message;
 * the bubble hides itself after a while, or when another one shows anywhere
 * in the page (one bubble at a time). Render `render()` inside the element's
 * open dialog (a modal dialog makes everything outside it inert, live regions
 * included).
 */
export class StatusController implements ReactiveController {
  message = '';
  tone: StatusTone = 'success';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly duration = 6000,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }

  show(message: string, tone: StatusTone = 'success'): void {
    if (shown !== this) shown?.clear();
    shown = this;
    clearTimeout(this.timer);
    this.message = message;
    this.tone = tone;
    this.host.requestUpdate();
    this.timer = setTimeout(() => this.clear(), this.duration);
  }

  clear(): void {
    clearTimeout(this.timer);
    if (shown === this) shown = null;
    if (!this.message) return;
    this.message = '';
    this.host.requestUpdate();
  }

  render() {
    return html`<div class="status" role="status" aria-live="polite" aria-atomic="true">
      ${this.message ? html`<div class="bubble ${this.tone}" part="status">${this.message}</div>` : nothing}
    </div>`;
  }
}
