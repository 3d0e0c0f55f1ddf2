import type { InvestigationSharing as Sharing } from '../../../server/investigation-types.ts';
import { describeError, type ApiClient } from '../api/api-client.ts';
import type { Explorer } from './explorer.ts';

/**
 * The owner's sharing intents: private, shared to read or to edit, and a read-only link
 * that can be published (its address is known only at that moment) and revoked.
 */
export class InvestigationSharing {
  constructor(
    private readonly explorer: Explorer,
    private readonly api: ApiClient,
  ) {}

  async setSharing(id: string, sharing: Sharing): Promise<boolean> {
    try {
      await this.api.setSharing(id, sharing);
      return true;
    } catch (error) {
      this.explorer.notify('error', `Could not change sharing: ${describeError(error)}`);
      return false;
    }
  }

  /** The full address of a new read-only link, or null when it could not be made. */
  async publish(id: string): Promise<string | null> {
    try {
      const link = await this.api.publishLink(id);
      return `${location.origin}${link.path}`;
    } catch (error) {
      this.explorer.notify('error', `Could not publish a link: ${describeError(error)}`);
      return null;
    }
  }

  async revoke(id: string): Promise<boolean> {
    try {
      await this.api.revokeLink(id);
      return true;
    } catch (error) {
      this.explorer.notify('error', `Could not revoke the link: ${describeError(error)}`);
      return false;
    }
  }
}
