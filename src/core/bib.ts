/**
 * The one bibliography of the core. Presets, defaults and reports cite entries by key.
 * DOIs are given only where we are sure of them; an entry without a DOI is cited by venue and year
 * (add the DOI when verified rather than guessing one).
 */
export interface BibEntry {
  readonly authors: string;
  readonly title: string;
  readonly venue: string;
  readonly year: number;
  readonly doi?: string;
  readonly url?: string;
}

export const BIBLIOGRAPHY = {
  'luo-yu-2020': {
    authors: 'Y. Luo, S. Yu',
    title:
      'Benchmark Non-volatile and Volatile Memory Based Hybrid Precision Synapses for In-situ Deep Neural Network Training',
    venue: 'Asia and South Pacific Design Automation Conference (ASP-DAC)',
    year: 2020,
    doi: '10.1109/ASP-DAC47756.2020.9045288',
  },
  'mlp-neurosim-v3': {
    authors: 'P.-Y. Chen, X. Peng, Y. Luo, S. Yu (Georgia Tech / Arizona State University)',
    title: 'MLP+NeuroSim V3.0: user manual and source code (hybrid 3T1C and 2T-1FeFET synapses)',
    venue: 'GitHub neurosim/MLP_NeuroSim_V3.0',
    year: 2019,
    url: 'https://github.com/neurosim/MLP_NeuroSim_V3.0',
  },
  'neurosim-v3-manual': {
    authors: 'P.-Y. Chen, X. Peng, S. Yu',
    title:
      'NeuroSim: A Circuit-Level Macro Model for Benchmarking Neuro-Inspired Architectures in Online Learning (device table of the MLP+NeuroSim manual)',
    venue: 'IEEE Transactions on Computer-Aided Design of Integrated Circuits and Systems 37(12)',
    year: 2018,
    doi: '10.1109/TCAD.2018.2789723',
  },
  'dnn-neurosim-v2': {
    authors: 'X. Peng, S. Huang, H. Jiang, A. Lu, S. Yu',
    title:
      'DNN+NeuroSim V2.0: An End-to-End Benchmarking Framework for Compute-in-Memory Accelerators for On-Chip Training',
    venue: 'IEEE Transactions on Computer-Aided Design of Integrated Circuits and Systems 40(11)',
    year: 2021,
    doi: '10.1109/TCAD.2020.3043731',
  },
  'ambrogio-2018': {
    authors: 'S. Ambrogio, P. Narayanan, H. Tsai, R. M. Shelby, I. Boybat, et al.',
    title: 'Equivalent-accuracy accelerated neural-network training using analogue memory',
    venue: 'Nature 558',
    year: 2018,
    doi: '10.1038/s41586-018-0180-5',
  },
  'sun-2018': {
    authors: 'X. Sun, P. Wang, K. Ni, S. Datta, S. Yu',
    title:
      'Exploiting Hybrid Precision for Training and Inference: A 2T-1FeFET Based Analog Synaptic Weight Cell',
    venue: 'IEEE International Electron Devices Meeting (IEDM)',
    year: 2018,
  },
  'jo-2010': {
    authors: 'S. H. Jo, T. Chang, I. Ebong, B. B. Bhadviya, P. Mazumder, W. Lu',
    title: 'Nanoscale Memristor Device as Synapse in Neuromorphic Systems',
    venue: 'Nano Letters 10(4)',
    year: 2010,
    doi: '10.1021/nl904092h',
  },
  'wu-2018': {
    authors: 'W. Wu, H. Wu, B. Gao, P. Yao, X. Zhang, X. Peng, S. Yu, H. Qian',
    title:
      'A Methodology to Improve Linearity of Analog RRAM for Neuromorphic Computing',
    venue: 'IEEE Symposium on VLSI Technology',
    year: 2018,
  },
  'park-2013': {
    authors: 'S. Park, A. Sheri, J. Kim, J. Noh, J. Jang, M. Jeon, B. Lee, B. R. Lee, B. H. Lee, H. Hwang',
    title:
      'Neuromorphic speech systems using advanced ReRAM-based synapse',
    venue: 'IEEE International Electron Devices Meeting (IEDM)',
    year: 2013,
  },
  'woo-2016': {
    authors: 'J. Woo, K. Moon, J. Song, S. Lee, M. Kwak, J. Park, H. Hwang',
    title:
      'Improved Synaptic Behavior Under Identical Pulses Using AlOx/HfO2 Bilayer RRAM Array for Neuromorphic Systems',
    venue: 'IEEE Electron Device Letters 37(8)',
    year: 2016,
  },
  'kuzum-2012': {
    authors: 'D. Kuzum, R. G. D. Jeyasingh, B. Lee, H.-S. P. Wong',
    title: 'Nanoelectronic Programmable Synapses Based on Phase Change Materials for Brain-Inspired Computing',
    venue: 'Nano Letters 12(5)',
    year: 2012,
    doi: '10.1021/nl201040y',
  },
  'choi-2018': {
    authors: 'S. Choi, S. H. Tan, Z. Li, Y. Kim, C. Choi, P.-Y. Chen, H. Yeon, S. Yu, J. Kim',
    title: 'SiGe epitaxial memory for neuromorphic computing with reproducible high performance based on engineered dislocations',
    venue: 'Nature Materials 17',
    year: 2018,
    doi: '10.1038/s41563-017-0001-5',
  },
  'jerry-2017': {
    authors: 'M. Jerry, P.-Y. Chen, J. Zhang, P. Sharma, K. Ni, S. Yu, S. Datta',
    title: 'Ferroelectric FET analog synapse for acceleration of deep neural network training',
    venue: 'IEEE International Electron Devices Meeting (IEDM)',
    year: 2017,
    doi: '10.1109/IEDM.2017.8268338',
  },
  'lecun-1998': {
    authors: 'Y. LeCun, L. Bottou, Y. Bengio, P. Haffner',
    title: 'Gradient-based learning applied to document recognition',
    venue: 'Proceedings of the IEEE 86(11)',
    year: 1998,
    doi: '10.1109/5.726791',
  },
  'xiao-2017': {
    authors: 'H. Xiao, K. Rasul, R. Vollgraf',
    title: 'Fashion-MNIST: a Novel Image Dataset for Benchmarking Machine Learning Algorithms',
    venue: 'arXiv:1708.07747',
    year: 2017,
    doi: '10.48550/arXiv.1708.07747',
  },
  'krizhevsky-2009': {
    authors: 'A. Krizhevsky',
    title: 'Learning Multiple Layers of Features from Tiny Images',
    venue: 'Technical report, University of Toronto',
    year: 2009,
  },
  'li-2018-capacitor': {
    authors: 'Y. Li, S. Kim, X. Sun, P. Solomon, T. Gokmen, H. Tsai, et al.',
    title: 'Capacitor-based Cross-point Array for Analog Neural Network with Record Symmetry and Linearity',
    venue: 'IEEE Symposium on VLSI Technology',
    year: 2018,
  },
  'software-reference': {
    authors: 'HPS Studio',
    title: 'Ideal (floating-point software) synapse: the accuracy reference, no device model',
    venue: 'HPS Studio documentation (docs/devices.md#presets)',
    year: 2025,
  },
} as const satisfies Record<string, BibEntry>;

export type BibKey = keyof typeof BIBLIOGRAPHY;

export function isBibKey(key: string): key is BibKey {
  return Object.prototype.hasOwnProperty.call(BIBLIOGRAPHY, key);
}

/** One-line citation: "Authors, Title, Venue, Year. doi:..." */
export function formatCitation(key: BibKey): string {
  const e: BibEntry = BIBLIOGRAPHY[key];
  const tail = e.doi ? ` doi:${e.doi}` : e.url ? ` ${e.url}` : '';
  return `${e.authors}, "${e.title}", ${e.venue}, ${e.year}.${tail}`;
}
