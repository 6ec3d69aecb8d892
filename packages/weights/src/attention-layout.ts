import type { AttentionLayer } from './attention-layer.js';
import type { ModelArchitecture } from './model-spec.js';

/** The attention kind of decoder layer `layerIndex`: the architecture's pattern, repeated from layer 0. */
export function attentionLayerAt(architecture: Pick<ModelArchitecture, 'attentionLayers'>, layerIndex: number): AttentionLayer {
  const pattern = architecture.attentionLayers;
  const layer = pattern[layerIndex % pattern.length];
  if (layer === undefined) throw new Error(`layer ${layerIndex} has no attention kind`);
  return layer;
}

const expanded = new WeakMap<object, readonly AttentionLayer[]>();

/** Attention kind of every decoder layer, in order (computed once per architecture object). */
export function expandAttentionLayers(architecture: Pick<ModelArchitecture, 'attentionLayers' | 'layers'>): readonly AttentionLayer[] {
  let layers = expanded.get(architecture);
  if (!layers) {
    layers = Object.freeze(Array.from({ length: architecture.layers }, (_, index) => attentionLayerAt(architecture, index)));
    expanded.set(architecture, layers);
  }
  return layers;
}

/** Whether layer `layerIndex` uses the MoE FFN (after the leading dense layers, every `moeLayerStep`th layer). */
export function isMoeLayer(architecture: Pick<ModelArchitecture, 'moe'>, layerIndex: number): boolean {
  const moe = architecture.moe;
  if (!moe) return false;
  if (layerIndex < moe.leadingDenseLayers) return false;
  return (layerIndex - moe.leadingDenseLayers + 1) % moe.moeLayerStep === 0;
}
