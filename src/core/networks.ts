/**
 * Network topologies as the crossbar sees them. Shared by the training engine and the cost model:
 * each layer is a weight matrix of `rows` = Cin*K*K by `cols` = Cout (fully connected: K = 1 and
 * H = W = 1). Sources: MLP+NeuroSim V3.0 (400-100-10 on 20x20 MNIST), DNN+NeuroSim V2.1 (VGG-8 on
 * CIFAR-10, layer table in docs/training.md#networks), LeCun et al. 1998 (LeNet-5).
 */
import type { NetworkId } from './config/schema';

export interface LayerSpec {
  readonly name: string;
  readonly kind: 'conv' | 'fc';
  /** Input feature map height, width, channels (FC: 1, 1, inputs). */
  readonly inH: number;
  readonly inW: number;
  readonly inC: number;
  /** Kernel size (FC: 1). */
  readonly k: number;
  readonly outC: number;
  readonly stride: number;
  /** Zero padding on each side ('same' convolution pads (k-1)/2). */
  readonly pad: number;
  /** Max-pool window after the activation (1 = none). */
  readonly pool: number;
  /** Activation after the layer ('none' for the classifier output). */
  readonly activation: 'relu' | 'sigmoid' | 'none';
}

export interface NetworkSpec {
  readonly id: NetworkId;
  readonly title: string;
  readonly input: { readonly h: number; readonly w: number; readonly c: number };
  readonly classes: number;
  readonly layers: readonly LayerSpec[];
  readonly citation: string;
}

const fc = (name: string, inputs: number, outputs: number, activation: LayerSpec['activation']): LayerSpec => ({
  name,
  kind: 'fc',
  inH: 1,
  inW: 1,
  inC: inputs,
  k: 1,
  outC: outputs,
  stride: 1,
  pad: 0,
  pool: 1,
  activation,
});

const conv = (name: string, h: number, c: number, k: number, outC: number, pool: number, pad = (k - 1) / 2): LayerSpec => ({
  name,
  kind: 'conv',
  inH: h,
  inW: h,
  inC: c,
  k,
  outC,
  stride: 1,
  pad,
  pool,
  activation: 'relu',
});

export const NETWORKS: Readonly<Record<NetworkId, NetworkSpec>> = {
  'mlp-400-100-10': {
    id: 'mlp-400-100-10',
    title: 'MLP 400-100-10 (MNIST 20x20 centre crop; MLP+NeuroSim)',
    input: { h: 20, w: 20, c: 1 },
    classes: 10,
    layers: [fc('fc1', 400, 100, 'sigmoid'), fc('fc2', 100, 10, 'none')],
    citation: 'mlp-neurosim-v3',
  },
  'mlp-784-100-10': {
    id: 'mlp-784-100-10',
    title: 'MLP 784-100-10 (28x28 images)',
    input: { h: 28, w: 28, c: 1 },
    classes: 10,
    layers: [fc('fc1', 784, 100, 'sigmoid'), fc('fc2', 100, 10, 'none')],
    citation: 'mlp-neurosim-v3',
  },
  lenet5: {
    id: 'lenet5',
    title: 'LeNet-5-style CNN (28x28x1)',
    input: { h: 28, w: 28, c: 1 },
    classes: 10,
    layers: [
      conv('conv1', 28, 1, 5, 6, 2, 2),
      conv('conv2', 14, 6, 5, 16, 2, 0),
      fc('fc1', 400, 120, 'relu'),
      fc('fc2', 120, 84, 'relu'),
      fc('fc3', 84, 10, 'none'),
    ],
    citation: 'lecun-1998',
  },
  vgg8: {
    id: 'vgg8',
    title: 'VGG-8 (CIFAR-10; DNN+NeuroSim V2.1)',
    input: { h: 32, w: 32, c: 3 },
    classes: 10,
    layers: [
      conv('conv1', 32, 3, 3, 128, 1),
      conv('conv2', 32, 128, 3, 128, 2),
      conv('conv3', 16, 128, 3, 256, 1),
      conv('conv4', 16, 256, 3, 256, 2),
      conv('conv5', 8, 256, 3, 512, 1),
      conv('conv6', 8, 512, 3, 512, 2),
      fc('fc1', 8192, 1024, 'relu'),
      fc('fc2', 1024, 10, 'none'),
    ],
    citation: 'dnn-neurosim-v2',
  },
};

/** Output spatial size of a layer before pooling. */
export function outSize(l: LayerSpec): number {
  return Math.floor((l.inH + 2 * l.pad - l.k) / l.stride) + 1;
}

/** Crossbar matrix shape: rows = Cin*K*K, cols = Cout. */
export function crossbarShape(l: LayerSpec): { rows: number; cols: number } {
  return { rows: l.inC * l.k * l.k, cols: l.outC };
}

/** Multiply-accumulates per image for one layer (as simulated: output positions x rows x cols). */
export function macsPerImage(l: LayerSpec): number {
  const o = outSize(l);
  return o * o * l.inC * l.k * l.k * l.outC;
}

export function weightCount(n: NetworkSpec): number {
  return n.layers.reduce((s, l) => s + l.inC * l.k * l.k * l.outC, 0);
}

/**
 * The network a run trains: the topology of `id` with every hidden layer's activation replaced by
 * `hiddenActivation` when given (the classifier output keeps none). No network has biases: every
 * layer is a crossbar matrix and nothing else (as in MLP+NeuroSim).
 */
export function networkOf(id: NetworkId, hiddenActivation?: 'sigmoid' | 'relu'): NetworkSpec {
  const net = NETWORKS[id];
  if (!hiddenActivation) return net;
  return { ...net, layers: net.layers.map((l) => (l.activation === 'none' ? l : { ...l, activation: hiddenActivation })) };
}

/** One line naming the trained network as reports print it: topology, hidden activation, no biases. */
export function describeNetwork(id: NetworkId, hiddenActivation?: 'sigmoid' | 'relu'): string {
  const net = networkOf(id, hiddenActivation);
  const acts = [...new Set(net.layers.filter((l) => l.activation !== 'none').map((l) => l.activation))];
  return `${net.title}; hidden units ${acts.join(' and ') || 'none'}${hiddenActivation ? '' : ' (the network\'s default)'}; no biases`;
}
