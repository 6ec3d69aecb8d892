import { useState } from 'react';
import { ModelPicker } from '../components/ModelPicker.js';
import { ErrorMessage, Loading } from '../components/Status.js';
import { formatBytes, formatParameters } from '../format.js';
import { useApi } from '../state/api-context.js';
import { hardwareKey, usePlanner } from '../state/planner.js';
import { useAsync } from '../state/use-async.js';

const METHOD_LABELS = { full: 'Full fine-tuning', lora: 'LoRA', qlora: 'QLoRA' } as const;
const SHARDING_LABELS = { none: 'no sharding', zero2: 'ZeRO-2', zero3: 'ZeRO-3 / FSDP' } as const;

/** Can the scenario's model be fine-tuned on the machine: full, LoRA or QLoRA, memory per GPU, batch. */
export function FinetuneView() {
  const api = useApi();
  // Its own model: studying fine-tuning for one model does not change the scenario being planned.
  const { state, setFinetuneModel } = usePlanner();
  const model = state.finetuneModel ?? state.scenario.model;
  const [sequenceTokens, setSequenceTokens] = useState(2048);
  const [loraRank, setLoraRank] = useState(16);
  const models = useAsync(() => api.models.list.query({ kind: 'open' }), 'open-models');
  const plan = useAsync(
    () => api.finetune.mutate({ model, hardware: state.hardware, sequenceTokens, loraRank }),
    `${hardwareKey(state.hardware)}|${model}|${sequenceTokens}|${loraRank}`,
  );
  const data = plan.data;

  return (
    <section aria-labelledby="finetune-title">
      <div className="view-header">
        <h2 id="finetune-title">Fine-tune</h2>
        <p className="muted">Can {state.hardwareLabel} fine-tune the model, and how?</p>
      </div>
      <form className="controls card" onSubmit={(event) => event.preventDefault()} aria-label="Fine-tuning settings">
        <ModelPicker value={model} onChange={setFinetuneModel} models={models.data?.open} />
        <label>
          Sequence length
          <select value={sequenceTokens} onChange={(event) => setSequenceTokens(Number(event.target.value))}>
            {[512, 1024, 2048, 4096, 8192, 16_384, 32_768].map((tokens) => (
              <option key={tokens} value={tokens}>
                {tokens.toLocaleString('en-US')} tokens
              </option>
            ))}
          </select>
        </label>
        <label>
          LoRA rank
          <select value={loraRank} onChange={(event) => setLoraRank(Number(event.target.value))}>
            {[8, 16, 32, 64, 128].map((rank) => (
              <option key={rank} value={rank}>
                {rank}
              </option>
            ))}
          </select>
        </label>
      </form>
      {plan.status === 'error' && <ErrorMessage error={plan.error} retry={plan.reload} />}
      {plan.status === 'loading' && !data && <Loading what="the fine-tuning plan" />}
      {data && (
        <div aria-busy={plan.status === 'loading'}>
          <p className={`card ${data.recommendation.method ? '' : 'warnings'}`} data-testid="finetune-verdict">
            <strong>{data.recommendation.method ? `${METHOD_LABELS[data.recommendation.method]}.` : 'Not here.'}</strong>{' '}
            {data.recommendation.reason}
          </p>
          <div className="table-scroll">
            <table className="data-table" data-testid="finetune-table">
              <caption className="visually-hidden">Memory per GPU for each fine-tuning method</caption>
              <thead>
                <tr>
                  <th scope="col">Method</th>
                  <th scope="col">Fits</th>
                  <th scope="col">Batch</th>
                  <th scope="col">Trainable</th>
                  <th scope="col">Weights</th>
                  <th scope="col">Gradients + optimizer</th>
                  <th scope="col">Activations + logits</th>
                  <th scope="col">Per GPU</th>
                  <th scope="col">Tokens/s (rough)</th>
                </tr>
              </thead>
              <tbody>
                {data.options.map((o) => (
                  <tr key={o.method}>
                    <th scope="row">
                      {METHOD_LABELS[o.method]}
                      <span className="muted small"> {o.gpus > 1 ? `${o.gpus} GPUs, ${SHARDING_LABELS[o.sharding]}` : ''}</span>
                    </th>
                    <td className={o.fits ? 'fit-fits' : 'fit-no-fit'}>{o.fits ? 'yes' : 'no'}</td>
                    <td>
                      {o.microBatch} × {o.sequenceTokens.toLocaleString('en-US')}
                    </td>
                    <td>{formatParameters(o.trainableParameters)}</td>
                    <td>{formatBytes(o.memoryPerGpu.weightsBytes)}</td>
                    <td>{formatBytes(o.memoryPerGpu.gradientsBytes + o.memoryPerGpu.optimizerBytes)}</td>
                    <td>{formatBytes(o.memoryPerGpu.activationsBytes + o.memoryPerGpu.logitsBytes)}</td>
                    <td>
                      {formatBytes(o.memoryPerGpu.totalBytes)} of {formatBytes(o.capacityPerGpuBytes)}
                    </td>
                    <td>{o.tokensPerSecond === null ? '—' : Math.round(o.tokensPerSecond).toLocaleString('en-US')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ul className="notes">
            {[...new Set(data.options.flatMap((o) => o.notes))].map((note) => (
              <li key={note}>{note}</li>
            ))}
            <li>
              Gradient checkpointing on; AdamW in mixed precision (16 bytes per trained parameter); speed assumes 35% of the GPUs’ peak bf16
              throughput.
            </li>
          </ul>
        </div>
      )}
    </section>
  );
}
