import neo4j from 'neo4j-driver';
import type { Database } from '../db/database.ts';

/** One line of the audit trail. `details` holds what the action was about, never a secret. */
export interface AuditEntry {
  at: string;
  user: string;
  action: string;
  target: string | null;
  outcome: string;
  ip: string | null;
  details: Record<string, unknown> | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'at'>;

export interface AuditFilter {
  user?: string | undefined;
  action?: string | undefined;
  /** ISO date-times, inclusive. */
  since?: string | undefined;
  until?: string | undefined;
  limit: number;
  offset: number;
}

/**
 * The audit trail under `:__AuditEntry`. Append-only: this repository can add and read
 * entries, and has no way to change or delete one.
 */
export class AuditRepository {
  constructor(private readonly db: Database) {}

  async ensureSchema(): Promise<void> {
    await this.db.autoCommit('CREATE INDEX audit_at IF NOT EXISTS FOR (e:__AuditEntry) ON (e.at)');
  }

  async append(entry: NewAuditEntry): Promise<void> {
    await this.db.write((tx) =>
      tx.run(
        `CREATE (:__AuditEntry {at: datetime(), user: $user, action: $action, target: $target,
                               outcome: $outcome, ip: $ip, details: $details})`,
        {
          user: entry.user,
          action: entry.action,
          target: entry.target,
          outcome: entry.outcome,
          ip: entry.ip,
          details: entry.details ? JSON.stringify(entry.details) : null,
        },
      ),
    );
  }

  /** Newest first, with the number of entries matching the filter. */
  async list(filter: AuditFilter): Promise<{ entries: AuditEntry[]; total: number }> {
    const where = `WHERE ($user IS NULL OR e.user = $user)
        AND ($action IS NULL OR e.action = $action)
        AND ($since IS NULL OR e.at >= datetime($since))
        AND ($until IS NULL OR e.at <= datetime($until))`;
    const params = {
      user: filter.user ?? null,
      action: filter.action ?? null,
      since: filter.since ?? null,
      until: filter.until ?? null,
    };
    return this.db.read(async (tx) => {
      const counted = await tx.run(
        `MATCH (e:__AuditEntry) ${where} RETURN count(e) AS total`,
        params,
      );
      const page = await tx.run(
        `MATCH (e:__AuditEntry) ${where}
         RETURN toString(e.at) AS at, e.user AS user, e.action AS action, e.target AS target,
                e.outcome AS outcome, e.ip AS ip, e.details AS details
         ORDER BY e.at DESC SKIP $offset LIMIT $limit`,
        { ...params, offset: neo4j.int(filter.offset), limit: neo4j.int(filter.limit) },
      );
      return {
        total: Number(counted.records[0]?.get('total') ?? 0),
        entries: page.records.map((record) => {
          const details = record.get('details') as string | null;
          const text = (key: string) => {
            const value = record.get(key) as unknown;
            return value === null || value === undefined ? null : String(value);
          };
          return {
            at: String(record.get('at')),
            user: String(record.get('user')),
            action: String(record.get('action')),
            target: text('target'),
            outcome: String(record.get('outcome')),
            ip: text('ip'),
            details: details ? (JSON.parse(details) as Record<string, unknown>) : null,
          };
        }),
      };
    });
  }
}
