import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';

export type StatusTone = 'success' | 'error';

/**
 * The small status bubble of the seed ("Enregistré avec succès"). A polite live
 * region that stays in the DOM, so screen readers announce each new message;
 * the bubble hides itself after a while. Render `render()` inside the element's
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
    clearTimeout(this.timer);
    this.message = message;
    this.tone = tone;
    this.host.requestUpdate();
    this.timer = setTimeout(() => this.clear(), this.duration);
  }

  clear(): void {
    clearTimeout(this.timer);
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
