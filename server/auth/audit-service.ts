import type { Logger } from '../logger.ts';
import type { AuditFilter, AuditRepository, NewAuditEntry } from './audit-repository.ts';

/** Keys whose values never enter the trail, wherever they appear in details. */
const SECRET_KEYS = /pass(word)?|token|secret|cookie|authorization|hash/i;

/** Records what people did. A failure to record is logged and never fails the action. */
export class AuditService {
  constructor(
    private readonly repository: AuditRepository,
    private readonly logger?: Logger,
  ) {}

  async record(entry: NewAuditEntry): Promise<void> {
    const safe = { ...entry, details: entry.details ? withoutSecrets(entry.details) : null };
    try {
      await this.repository.append(safe);
    } catch (error) {
      this.logger?.error({ err: error, action: entry.action }, 'audit entry could not be written');
    }
  }

  list(filter: AuditFilter) {
    return this.repository.list(filter);
  }
}

function withoutSecrets(details: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(details).filter(([key]) => !SECRET_KEYS.test(key)));
}
