/**
 * The experiment configuration: one JSON document describes a design point completely (workload,
 * synapse scheme and devices, training, circuit). It is stored with every run, hashed for
 * de-duplication in sweeps, and validated at every boundary by these strict schemas
 * (unknown keys are rejected, errors name the field path and the bad value).
 *
 * Units: SI unless the field name says otherwise. Defaults follow the model documentation in docs/ and
 * cite their source in `describe()` so the UI can show it in tooltips.
 */
import { z } from 'zod';

const pos = () => z.number().positive();
const posInt = () => z.number().int().positive();

/** Id of a user preset: lower-case letters, digits, '.', '_' and '-', starting with a letter or digit. */
export const userPresetIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, { message: "expected lower-case letters, digits, '.', '_' or '-' (e.g. my-rram-2024)" });

/**
 * A user preset as a config carries it: the complete device definition as it was when the config
 * was stored (filled in from the database), so that deleting or changing the preset later never
 * changes what a stored run or study means.
 */
export const userDeviceSchema = z.strictObject({
  id: userPresetIdSchema,
  title: z.string().min(1).max(200),
  cell: z.enum(['rram-1t1r', 'pcm-1t1r', 'fefet']).describe('Cell kind the cost model prices'),
  cellWidthF: pos().max(1000).describe('Cell width, in feature sizes F'),
  cellHeightF: pos().max(1000).describe('Cell height, in feature sizes F'),
  params: z.strictObject({
    gMin: z.number().min(0).describe('Minimum conductance, S'),
    gMax: pos().describe('Maximum conductance, S'),
    levelsLtp: posInt().max(4096),
    levelsLtd: posInt().max(4096),
    nlLtp: z.number().min(-10).max(10),
    nlLtd: z.number().min(-10).max(10),
    sigmaC2c: z.number().min(0).max(1),
    sigmaD2d: z.number().min(0).max(10),
    writeVoltageLtp: z.number().min(0).describe('V'),
    writeVoltageLtd: z.number().min(0).describe('V'),
    pulseWidthLtp: z.number().min(0).describe('s'),
    pulseWidthLtd: z.number().min(0).describe('s'),
    sigmaGRange: z.number().min(0).max(1).optional(),
  }),
  notes: z.array(z.string().max(2000)).max(20).default([]),
  savedAt: z.string().max(40).describe('When the preset was saved (ISO 8601)'),
});
export type UserDevice = z.output<typeof userDeviceSchema>;

/** A device: a preset id plus optional overrides of its parameters (see core/devices/presets). */
export const deviceSpecSchema = z.strictObject({
  preset: z.string().min(1).describe('Device preset id (docs/devices.md#presets)'),
  overrides: z
    .strictObject({
      gMin: pos().optional().describe('Minimum conductance, S'),
      gMax: pos().optional().describe('Maximum conductance, S'),
      levelsLtp: posInt().max(4096).optional().describe('Pulses from Gmin to Gmax (LTP)'),
      levelsLtd: posInt().max(4096).optional().describe('Pulses from Gmax to Gmin (LTD)'),
      nlLtp: z.number().min(-9).max(9).optional().describe('Nonlinearity label, LTP (NeuroSim)'),
      nlLtd: z.number().min(-9).max(9).optional().describe('Nonlinearity label, LTD (NeuroSim)'),
      sigmaC2c: z.number().min(0).max(1).optional().describe('Cycle-to-cycle sigma, fraction of Gmax-Gmin'),
      sigmaD2d: z.number().min(0).max(10).optional().describe('Device-to-device sigma of NL'),
      writeVoltageLtp: pos().optional().describe('Write pulse amplitude LTP, V'),
      writeVoltageLtd: pos().optional().describe('Write pulse amplitude LTD, V'),
      pulseWidthLtp: pos().optional().describe('Write pulse width LTP, s'),
      pulseWidthLtd: pos().optional().describe('Write pulse width LTD, s'),
    })
    .optional(),
  /** Measured LTP / LTD sweeps (pulse number, conductance in S) for preset 'measured'. */
  measured: z
    .strictObject({
      ltp: z.array(z.tuple([z.number(), z.number()])).min(3).max(2_000),
      ltd: z.array(z.tuple([z.number(), z.number()])).min(3).max(2_000),
    })
    .optional(),
  /** Set when `preset` names a user preset: its definition at the time the config was stored. */
  userPreset: userDeviceSchema.optional().describe('Definition of the user preset named by `preset` (filled in when stored)'),
});
export type DeviceSpec = z.infer<typeof deviceSpecSchema>;

export const networkIds = ['mlp-400-100-10', 'mlp-784-100-10', 'lenet5', 'vgg8'] as const;
export type NetworkId = (typeof networkIds)[number];

export const datasetSchema = z.strictObject({
  source: z
    .enum(['bundled', 'fashion-mnist', 'mnist', 'cifar10', 'synthetic'])
    .default('bundled')
    .describe('bundled = Fashion-MNIST subset shipped in resources; others read `dir`'),
  dir: z.string().min(1).optional().describe('Folder with IDX (.gz) files or CIFAR-10 binary batches'),
  trainLimit: posInt().optional().describe('Use at most this many training images'),
  testLimit: posInt().optional().describe('Use at most this many test images'),
});

export const schemeIds = ['ideal', 'baseline', 'hps', 'fefet-2t1f'] as const;

export const synapseSchema = z.strictObject({
  scheme: z.enum(schemeIds).default('hps'),
  /** Baseline: the eNVM; HPS: the MSB eNVM pair device. */
  device: deviceSpecSchema.default({ preset: 'hps-envm' }),
  /** Baseline mapping: one device plus a reference column, or a differential pair (G+ - G-). */
  mapping: z.enum(['reference', 'differential']).default('differential'),
  /** HPS: the volatile LSB cell. */
  lsb: deviceSpecSchema.default({ preset: 'cap-3t1c' }),
  significance: pos().max(1024).default(4).describe('Significance factor F (MLP+NeuroSim V3.0 default 4)'),
  transfer: z
    .strictObject({
      everyImages: posInt().default(8000).describe('Transfer interval, images (Ambrogio 2018; MLP+NeuroSim)'),
      everySeconds: pos().optional().describe('Transfer interval in hardware seconds (overrides everyImages)'),
      programming: z
        .enum(['open-loop', 'curve-aware', 'write-verify', 'keep-residual'])
        .default('open-loop')
        .describe('eNVM programming at transfer (open-loop = MLP+NeuroSim)'),
      verifyTolerance: pos().default(0.5).describe('Write-verify tolerance, in eNVM steps'),
      verifyMaxPulses: posInt().default(64).describe('Write-verify pulse budget per cell'),
      residualCharge: z.number().min(0).max(1).default(0).describe('Fraction of LSB charge left after reset'),
    })
    .default({
      everyImages: 8000,
      programming: 'open-loop',
      verifyTolerance: 0.5,
      verifyMaxPulses: 64,
      residualCharge: 0,
    }),
  retention: z
    .strictObject({
      tau: pos().nullable().default(null).describe('Capacitor retention time constant, s (null = no leakage)'),
      target: z
        .union([z.enum(['reference', 'ground']), z.number().min(-1).max(1)])
        .default('reference')
        .describe('Leak target: reference level, ground, or a normalised LSB value'),
      order: z
        .enum(['leak-then-transfer', 'transfer-then-leak'])
        .default('leak-then-transfer')
        .describe(
          "Order of a batch's events: leak-then-transfer = the batch's hardware time passes (the LSB leaks), then a due transfer reads what is left; transfer-then-leak = a due transfer reads the LSB first, then the time passes (docs/fair-comparisons.md#event-order)",
        ),
    })
    .default({ tau: null, target: 'reference', order: 'leak-then-transfer' }),
  pulseRounding: z.enum(['deterministic', 'stochastic']).default('deterministic'),
});

/**
 * Learning-rate search (core/training/tuning.ts): candidates trained on the training set minus a
 * seeded validation split, compared by validation accuracy, the best value used for the full run.
 */
export const tuningSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Search the learning rate before the run (false = use training.learningRate)'),
  rates: z
    .array(pos())
    .min(1)
    .max(32)
    .optional()
    .describe('Candidate learning rates in the run\'s convention (default: normalised 0.1, 0.3, 1, 3, 10, 30; effective 0.003, 0.01, 0.03, 0.1, 0.3, 1)'),
  method: z
    .enum(['halving', 'grid'])
    .default('halving')
    .describe('halving: every candidate trains `images` images, the better half continues for twice as many, until a round has two or fewer, whose best wins; grid: every candidate trains `images` images once'),
  images: posInt().max(10_000_000).optional().describe('Training images per candidate in the first round, rounded to 2 x evaluations pieces of whole batches (default: one epoch of the run, at most 10,000)'),
  validationFraction: z.number().min(0.01).max(0.5).default(0.1).describe('Fraction of the training set held out for validation'),
  // No schema defaults for the two below: a default would enter every parsed config and change the
  // hashes of studies stored before them (the code's defaults are recorded in the stored search).
  evaluations: posInt()
    .max(64)
    .optional()
    .describe('Validation evaluations per candidate and round, spread over its second half; the score is their mean (default 4)'),
  extensions: z
    .number()
    .int()
    .min(0)
    .max(8)
    .optional()
    .describe('Rates the search may add one grid step beyond an edge of the candidates when the best rate sits there (default 2; 0 = never)'),
});
export type TuningConfig = z.infer<typeof tuningSchema>;

export const quantSchema = z.strictObject({
  enabled: z.boolean().default(true).describe('Master switch for hardware-aware quantisation'),
  activationBits: posInt().max(32).nullable().default(8).describe('Activation bits (WAGE / DNN+NeuroSim 8)'),
  errorBits: posInt().max(32).nullable().default(8).describe('Error bits (DNN+NeuroSim 8)'),
  gradientBits: posInt().max(32).nullable().default(5).describe('Weight-gradient bits (DNN+NeuroSim 5)'),
  adcBits: posInt().max(16).nullable().default(null).describe('Partial-sum ADC bits in training (null = ideal)'),
  subArrayRows: posInt().default(128).describe('Rows summed per ADC conversion'),
  bitSerialInputs: z.boolean().default(false).describe('Apply inputs bit-serially (slow; ablation)'),
  readNoise: z.boolean().default(false).describe('Sample read noise on every forward pass'),
});

export const trainingSchema = z.strictObject({
  epochs: posInt().max(10000).default(5),
  batchSize: posInt().max(65536).default(32),
  imagesPerEpoch: posInt().optional().describe('Training images per epoch (MLP+NeuroSim uses 8000)'),
  learningRate: pos()
    .default(10)
    .describe('Learning rate, in the convention of lrConvention (the fixed rate; tuning, when enabled, replaces it by the best candidate)'),
  lrConvention: z
    .enum(['normalised', 'effective'])
    .default('normalised')
    .describe(
      'normalised (NeuroSim): dW_norm = -lr dL/dW_norm on the crossbar weights in [-1, 1], so layer k takes the effective step lr s_k^2 (s_k = Glorot limit); effective: standard SGD on the effective weights W = s_k W_norm, dW_norm = -(lr / s_k^2) dL/dW_norm (Adam: lr / s_k)',
    ),
  tuning: tuningSchema.optional().describe('Learning-rate search on a validation split carved from the training set (never the test set)'),
  optimizer: z.enum(['sgd', 'momentum', 'adam']).default('sgd'),
  momentum: z.number().min(0).max(1).default(0.9),
  loss: z.enum(['cross-entropy', 'sse']).default('cross-entropy'),
  quant: quantSchema.default({
    enabled: true,
    activationBits: 8,
    errorBits: 8,
    gradientBits: 5,
    adcBits: null,
    subArrayRows: 128,
    bitSerialInputs: false,
    readNoise: false,
  }),
  hardwareSecondsPerBatch: pos()
    .nullable()
    .default(null)
    .describe('Hardware time per batch for leakage, s (null = from the cost model)'),
  evalEveryEpochs: posInt().default(1),
  threads: posInt()
    .max(1024)
    .optional()
    .describe('Threads that share every batch of this run (unset: every core when the run is alone, fewer when a sweep trains several at once or a step is too small to share); a run is deterministic for a given thread count'),
});

export const technologyNodes = [130, 90, 65, 45, 32, 22, 14, 10, 7] as const;

export const circuitSchema = z.strictObject({
  node: z
    .number()
    .refine((n) => (technologyNodes as readonly number[]).includes(n), { message: 'technology node must be one of 130, 90, 65, 45, 32, 22, 14, 10, 7' })
    .default(32)
    .describe('Technology node, nm'),
  roadmap: z.enum(['HP', 'LSTP']).default('LSTP'),
  temperature: z.number().min(250).max(400).default(300).describe('K'),
  clock: pos().default(1e9).describe('Clock frequency, Hz'),
  arrayRows: posInt().max(4096).default(128),
  arrayCols: posInt().max(4096).default(128),
  adcType: z.enum(['mlsa', 'sar']).default('mlsa'),
  adcBits: posInt().max(12).default(6),
  columnsPerAdc: posInt().max(256).default(8),
  readMode: z.enum(['parallel', 'row-by-row']).default('parallel'),
  pipeline: z.enum(['layer-by-layer', 'pipelined']).default('layer-by-layer'),
  cellBits: posInt().max(8).default(5).describe('Bits per cell (weights 5 bit in DNN+NeuroSim)'),
  weightBits: posInt().max(16).default(5).describe('Synapse weight precision, bits; cells per weight = ceil(weightBits / cellBits) (DNN+NeuroSim synapseBit 5; docs/cost.md#hierarchy)'),
  inputBits: posInt().max(16).default(8),
  readVoltage: pos().default(0.5).describe('V'),
  readPulse: pos().default(10e-9).describe('s'),
  novelMapping: z.boolean().default(true),
  buffer: z.enum(['register-file', 'sram']).default('register-file'),
  dram: z.enum(['HBM2', 'GDDR5']).default('HBM2'),
  wgAdcBits: posInt().max(12).default(4),
  cellWidth: pos()
    .max(1000)
    .optional()
    .describe('Synapse cell width in F (the array wire width; logic F for SRAM); default: the device preset\'s. Widen a 1T1R cell whose access transistor does not fit (NeuroSim widthInFeatureSize1T1R).'),
  cellHeight: pos().max(1000).optional().describe('Synapse cell height in F; default: the device preset\'s.'),
});

export const runConfigSchema = z.strictObject({
  name: z.string().max(200).default('run'),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  seeds: posInt()
    .max(100)
    .optional()
    .describe('Replicates: run seeds seed, seed + 1, ..., seed + seeds - 1 and report mean, standard deviation and 95 % interval'),
  workload: z
    .strictObject({
      network: z.enum(networkIds).default('mlp-784-100-10'),
      dataset: datasetSchema.default({ source: 'bundled' }),
      hiddenActivation: z
        .enum(['sigmoid', 'relu'])
        .optional()
        .describe('Activation of every hidden layer (default: the network\'s own: sigmoid for the MLPs as in MLP+NeuroSim, ReLU for the CNNs); no network has biases'),
    })
    .default({ network: 'mlp-784-100-10', dataset: { source: 'bundled' } }),
  synapse: synapseSchema.default(() => synapseSchema.parse({})),
  training: trainingSchema.default(() => trainingSchema.parse({})),
  circuit: circuitSchema.default(() => circuitSchema.parse({})),
});

export type RunConfig = z.infer<typeof runConfigSchema>;
export type RunConfigInput = z.input<typeof runConfigSchema>;
export type SynapseConfig = RunConfig['synapse'];
export type TrainingConfig = RunConfig['training'];
export type CircuitConfig = RunConfig['circuit'];
