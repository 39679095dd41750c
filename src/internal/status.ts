import { msg } from '@lit/localize';
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';

export type StatusTone = 'success' | 'error' | 'info';

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

  /** Shows `message` for `duration` ms (until `clear()` when Infinity). */
  show(message: string, tone: StatusTone = 'success', duration = this.duration): void {
    if (shown !== this) shown?.clear();
    shown = this;
    clearTimeout(this.timer);
    this.message = message;
    this.tone = tone;
    this.host.requestUpdate();
    if (duration !== Infinity) this.timer = setTimeout(() => this.clear(), duration);
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

/**
 * Says why a dialog still works after a while: a load or a save that takes
 * longer than `after` ms (a slow server, or a backend waiting to send the call
 * again after a 503) gets a bubble saying it is still under way, which stays
 * until the work ends; the spinner alone would say nothing of the wait.
 */
export class SlowNotice implements ReactiveController {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private message = '';

  constructor(
    host: ReactiveControllerHost,
    private readonly status: StatusController,
    private readonly working: () => boolean,
    private readonly after = 3000,
  ) {
    host.addController(this);
  }

  // Before the render: the bubble's clearing joins this update rather than asking for another.
  hostUpdate(): void {
    if (this.working()) {
      this.timer ??= setTimeout(() => {
        if (!this.working()) return;
        this.message = msg("Toujours en cours… Le serveur met plus de temps que d'habitude à répondre.", { id: 'status.slow' });
        this.status.show(this.message, 'info', Infinity);
      }, this.after);
      return;
    }
    this.stop();
  }

  hostDisconnected(): void {
    this.stop();
  }

  /** The work ended: the bubble goes, unless another message (the save's success) replaced it. */
  private stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.message && this.status.message === this.message) this.status.clear();
    this.message = '';
  }
}
