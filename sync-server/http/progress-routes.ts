import type { FastifyInstance } from 'fastify';
import { escapeHtml } from '../../src-shared/automations/automation-template';
import type { MetricProgress } from '../../src-shared/queries/progress/member-progress';
import { progressByToken } from '../automations/member-progress-link';
import { memberPage } from './member-pages/member-page';
import type { SyncServerContext } from './server-context';

export const PROGRESS_PATH = '/v1/progress/:token';

function valueText(metric: MetricProgress): string {
  if (metric.latestValue === null) return 'Nothing logged yet';
  const value = `${metric.latestValue} ${metric.unit}`.trim();
  return metric.latestLabel === null ? value : `${metric.latestLabel} (${value})`;
}

function metricItem(metric: MetricProgress): string {
  const milestones =
    metric.category === 'attendance' && metric.milestonesReached.length > 0
      ? `<br>Milestones reached: ${metric.milestonesReached.join(', ')}`
      : '';
  return `<li><strong>${escapeHtml(metric.name)}</strong>: ${escapeHtml(valueText(metric))}${milestones}</li>`;
}

/**
 * The member's progress page (R21.5), from the `{{progressUrl}}` of a studio's message: the
 * metrics the studio shows students, each with its latest value. Read only, so a mail
 * scanner fetching the link changes nothing; a bad link answers 404 and shows nothing.
 */
export function registerProgressRoutes(app: FastifyInstance, context: SyncServerContext): void {
  app.get<{ Params: { token: string } }>(PROGRESS_PATH, async (request, reply) => {
    const result = await progressByToken(context.tenants, request.params.token);
    if (result.outcome === 'invalid') {
      return memberPage(reply, 404, 'Link not valid', '<p>This progress link is not valid.</p>');
    }
    const list =
      result.metrics.length === 0
        ? '<p>Your studio has not shared any progress yet.</p>'
        : `<ul>${result.metrics.map(metricItem).join('')}</ul>`;
    return memberPage(reply, 200, 'Your progress', `<p>${escapeHtml(result.studio)}</p>${list}`);
  });
}
