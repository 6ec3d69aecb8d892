import { type ChangeEvent, useEffect, useRef, useState } from 'react';
import { FitBadge } from '../components/FitBadge.js';
import { Empty, ErrorMessage, Loading } from '../components/Status.js';
import { errorMessage, formatBytes, formatDate, formatTokensPerSecond } from '../format.js';
import { useApi } from '../state/api-context.js';
import { useHost } from '../state/host.js';
import { usePlanner } from '../state/planner.js';
import type { Plan } from '../state/types.js';
import { useAsync } from '../state/use-async.js';

function download(fileName: string, contents: string, type: string) {
  const url = URL.createObjectURL(new Blob([contents], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function hardwareOf(plan: Plan): string {
  const h = plan.hardware;
  if ('whatIf' in h) {
    const ramGiB = h.whatIf.ramGiB ?? h.whatIf.ramGb;
    return `${h.whatIf.gpu}${ramGiB ? `, ${ramGiB} GiB RAM` : ''}`;
  }
  if ('profile' in h) return h.profile.label;
  return 'the machine it was made on';
}

type PlanListing = Awaited<ReturnType<ReturnType<typeof useApi>['plans']['list']['query']>>;

/**
 * Saved plans: reopen exactly, export for a ticket (Markdown) or a colleague (JSON), delete. The server
 * lists them a page at a time (`pageSize`, at most 200); "Show more" follows the page's cursor.
 */
export function PlansView({
  onOpened,
  pageSize = 50,
  openFileOnMount = false,
  onFileAsked,
}: {
  onOpened: () => void;
  pageSize?: number;
  /** The desktop's File › Open plan… asked for the dialog. */
  openFileOnMount?: boolean;
  /** Called once the dialog has been asked for, so coming back to the view does not ask again. */
  onFileAsked?: () => void;
}) {
  const api = useApi();
  const host = useHost();
  const { loadPlan } = usePlanner();
  const plans = useAsync(() => api.plans.list.query({ limit: pageSize }), `plans:${pageSize}`);
  // Later pages, kept only while the first page they follow is the one on screen (a reload starts over).
  const [later, setLater] = useState<{ after: PlanListing; plans: Plan[]; nextCursor: string | null } | null>(null);
  const first = plans.data;
  const more = later && later.after === first ? later : null;
  const shown = first ? [...first.plans, ...(more?.plans ?? [])] : [];
  const nextCursor = more ? more.nextCursor : (first?.nextCursor ?? null);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const act = async (work: () => Promise<string | null>) => {
    try {
      const text = await work();
      if (text) setMessage({ error: false, text });
    } catch (error) {
      setMessage({ error: true, text: errorMessage(error) });
    }
  };

  const open = (plan: Plan) => {
    loadPlan(plan, hardwareOf(plan));
    onOpened();
  };

  const exportPlan = (plan: Plan, format: 'json' | 'markdown') =>
    act(async () => {
      if (host.fileDialogs) {
        const { path } = await api.plans.exportFile.mutate({ id: plan.id, format });
        return path ? `Saved ${path}` : null;
      }
      if (format === 'json') {
        download(`${plan.id}.weightplan.json`, `${JSON.stringify(plan, null, 2)}\n`, 'application/json');
        return null;
      }
      const { fileName, markdown } = await api.plans.markdown.query({ id: plan.id });
      download(fileName, markdown, 'text/markdown');
      return null;
    });

  const showMore = () =>
    act(async () => {
      if (!first || !nextCursor) return null;
      const page = await api.plans.list.query({ limit: pageSize, cursor: nextCursor });
      setLater({ after: first, plans: [...(more?.plans ?? []), ...page.plans], nextCursor: page.nextCursor });
      return null;
    });

  const openFile = () =>
    act(async () => {
      if (!host.fileDialogs) {
        fileInput.current?.click();
        return null;
      }
      const plan = await api.plans.openFile.mutate();
      if (!plan) return null;
      plans.reload();
      return `Opened “${plan.name}”.`;
    });

  const fileAsked = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the menu asks once per visit
  useEffect(() => {
    if (!openFileOnMount || !host.fileDialogs || fileAsked.current) return;
    fileAsked.current = true;
    onFileAsked?.();
    openFile();
  }, [openFileOnMount, host.fileDialogs]);

  const onFileChosen = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    act(async () => {
      const plan = await api.plans.import.mutate({ document: await file.text() });
      plans.reload();
      return `Opened “${plan.name}”.`;
    });
  };

  return (
    <section aria-labelledby="plans-title">
      <div className="view-header">
        <h2 id="plans-title">Plans</h2>
        <p className="muted">Saved scenarios, most recent first. Save one from the Scenario page.</p>
      </div>
      <div className="toolbar">
        <button type="button" onClick={openFile}>
          Open a plan file…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          className="visually-hidden"
          tabIndex={-1}
          aria-label="Plan file"
          onChange={onFileChosen}
        />
        {message && (
          <span role="status" className={message.error ? 'field-error' : 'muted'}>
            {message.text}
          </span>
        )}
      </div>
      {plans.status === 'error' && <ErrorMessage error={plans.error} retry={plans.reload} />}
      {plans.status === 'loading' && !plans.data && <Loading what="saved plans" />}
      {first && shown.length === 0 && <Empty>No saved plans yet. Open a scenario and choose “Save plan”.</Empty>}
      {first && shown.length > 0 && (
        <ul className="plans" data-testid="plans-list">
          {shown.map((plan) => (
            <li key={plan.id} className="card">
              <div className="plan-head">
                <h3>{plan.name}</h3>
                {plan.snapshot && <FitBadge fit={plan.snapshot.fit} />}
              </div>
              <p className="muted small">
                {plan.model} at {plan.precision} on {hardwareOf(plan)} · updated {formatDate(plan.updatedAt)}
                {plan.snapshot &&
                  ` · ${formatBytes(plan.snapshot.totalBytes)}, ${formatTokensPerSecond(plan.snapshot.decodeTokensPerSecond)} tokens/s when saved`}
              </p>
              {plan.notes && <p>{plan.notes}</p>}
              <div className="actions">
                <button type="button" className="primary" onClick={() => open(plan)}>
                  Open
                </button>
                <button type="button" onClick={() => exportPlan(plan, 'markdown')}>
                  Export Markdown
                </button>
                <button type="button" onClick={() => exportPlan(plan, 'json')}>
                  Export JSON
                </button>
                <button
                  type="button"
                  className="link danger"
                  onClick={() =>
                    act(async () => {
                      await api.plans.remove.mutate({ id: plan.id });
                      plans.reload();
                      return `Deleted “${plan.name}”.`;
                    })
                  }
                >
                  Delete
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {first && nextCursor && (
        <p className="toolbar">
          <span className="muted small">
            Showing {shown.length} of {first.total} plans.
          </span>
          <button type="button" onClick={showMore}>
            Show more plans
          </button>
        </p>
      )}
      {plans.data && plans.data.damaged.length > 0 && (
        <div className="card warnings" role="note">
          <h3>Plan files that could not be read</h3>
          <p className="muted small">Left untouched; fix or move them.</p>
          <ul>
            {plans.data.damaged.map((d) => (
              <li key={d.file}>
                {d.file}: {d.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
