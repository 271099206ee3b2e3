import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLogService } from '@app/audit';
import { AuthUser, RequestMeta, auditContext, hasRole } from '@app/identity';
import { OutboxService } from '@app/queue';
import { DomainError, newId } from '@app/shared';
import { acceptsQuestions, effectiveStatus } from '../domain/requirement-lifecycle';
import { REQUIREMENT_NOT_FOUND, RequirementsService, isBuyerStaff } from './requirements.service';

export const QUESTION_NOT_FOUND = 'TENDERING.QUESTION_NOT_FOUND';

export interface QuestionView {
  id: string;
  requirementId: string;
  text: string;
  askedAt: string;
  answer: string | null;
  publishedAt: string | null;
  /** Only on the asker's own questions: the public never learns who asked. */
  askedByYou?: boolean;
}

/**
 * Clarification questions: suppliers ask privately before the question deadline
 * (database clock); the buyer answers and publishes the answer to everyone,
 * without the asker's identity (the buyer does not see it either).
 */
@Injectable()
export class QuestionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLogService,
    private readonly requirements: RequirementsService,
    private readonly outbox: OutboxService,
  ) {}

  async ask(actor: AuthUser, requirementId: string, text: string, meta: RequestMeta): Promise<QuestionView> {
    if (actor.organisationKind !== 'supplier' || !hasRole(actor, 'supplier_admin', 'supplier_user')) {
      throw DomainError.forbidden('AUTH.ROLE_REQUIRED', 'Only suppliers ask clarification questions.');
    }
    const id = newId();
    await this.dataSource.transaction(async (m) => {
      const r = await this.requirements.lock(m, requirementId, 'SHARE');
      if (!r || r.status === 'draft') throw DomainError.notFound(REQUIREMENT_NOT_FOUND, 'No such requirement.');
      if (!acceptsQuestions(r.status, r.closesAt, r.questionsCloseAt, r.dbNow)) {
        const status = effectiveStatus(r.status, r.closesAt, r.dbNow);
        throw DomainError.conflict(
          'TENDERING.QUESTIONS_CLOSED',
          status === 'published' ? 'The deadline for questions has passed.' : `This requirement is ${status}: it takes no more questions.`,
        );
      }
      await m.query(`INSERT INTO tendering.question (id, requirement_id, organisation_id, asked_by, text, asked_at) VALUES ($1, $2, $3, $4, $5, clock_timestamp())`, [
        id, requirementId, actor.organisationId, actor.userId, text.trim(),
      ]);
      await this.audit.append({ action: 'tendering.question.asked', subjectType: 'question', subjectId: id, data: { requirementId } }, auditContext(actor, meta), m);
    });
    const [q] = await this.dataSource.query(`SELECT ${COLUMNS}, true AS "askedByYou" FROM tendering.question q WHERE q.id = $1`, [id]);
    return q;
  }

  /** The buyer answers a question; the answer is published to everyone at once. */
  async answer(actor: AuthUser, requirementId: string, questionId: string, answer: string, meta: RequestMeta): Promise<QuestionView> {
    if (!isBuyerStaff(actor)) throw DomainError.forbidden('AUTH.ROLE_REQUIRED', 'Only the buyer answers questions.');
    await this.dataSource.transaction(async (m) => {
      const r = await this.requirements.lockOwn(m, actor, requirementId, 'SHARE');
      if (['draft', 'withdrawn'].includes(r.status)) throw DomainError.notFound(REQUIREMENT_NOT_FOUND, 'No such requirement.');
      const [q] = await m.query(`SELECT published_at AS "publishedAt" FROM tendering.question WHERE id = $1 AND requirement_id = $2 FOR UPDATE`, [questionId, requirementId]);
      if (!q) throw DomainError.notFound(QUESTION_NOT_FOUND, 'No such question.');
      // Suppliers were told about the published answer; it is not rewritten behind their backs.
      if (q.publishedAt) throw DomainError.conflict('TENDERING.ANSWER_PUBLISHED', 'This answer is already published to every supplier.');
      await m.query(`UPDATE tendering.question SET answer = $2, answered_by = $3, published_at = clock_timestamp() WHERE id = $1`, [questionId, answer.trim(), actor.userId]);
      await this.outbox.add(m, 'tendering.notify-answer', { v: 1, requirementId, questionId });
      await this.audit.append({ action: 'tendering.question.answered', subjectType: 'question', subjectId: questionId, data: { requirementId } }, auditContext(actor, meta), m);
    });
    const [q] = await this.dataSource.query(`SELECT ${COLUMNS} FROM tendering.question q WHERE q.id = $1`, [questionId]);
    return q;
  }

  /**
   * Published answers for everyone; the buyer organisation also sees unanswered
   * questions (without who asked); a supplier also sees its own unanswered ones.
   */
  async list(actor: AuthUser | null, requirementId: string): Promise<QuestionView[]> {
    const v = await this.requirements.get(actor, requirementId);
    const buyer = actor?.organisationId === v.organisationId;
    const own = actor?.organisationKind === 'supplier' ? actor.organisationId : null;
    return this.dataSource.query(
      `SELECT ${COLUMNS}, CASE WHEN $3::uuid IS NULL THEN NULL ELSE q.organisation_id = $3::uuid END AS "askedByYou"
         FROM tendering.question q
        WHERE q.requirement_id = $1 AND (q.published_at IS NOT NULL OR $2 OR q.organisation_id = $3::uuid)
        ORDER BY q.asked_at, q.id`,
      [requirementId, buyer, own],
    );
  }
}

const COLUMNS = `q.id, q.requirement_id AS "requirementId", q.text, q.asked_at AS "askedAt",
  CASE WHEN q.published_at IS NULL THEN NULL ELSE q.answer END AS answer, q.published_at AS "publishedAt"`;
