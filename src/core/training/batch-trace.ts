/**
 * Training loss and accuracy within an epoch, for the training-curve plots: batch values averaged
 * (weighted by images) into at most `buckets` consecutive groups, so an epoch of thousands of batches
 * stores a few dozen points and the curve between epoch ends is still visible.
 */
export interface BatchTrace {
  /** Images of the epoch seen at the end of each group. */
  readonly images: number[];
  /** Mean training loss and accuracy (fraction) of the group's batches. */
  readonly loss: number[];
  readonly accuracy: number[];
}

export class BatchTraceRecorder {
  private readonly every: number;
  private readonly out: BatchTrace = { images: [], loss: [], accuracy: [] };
  private seen = 0;
  private lossSum = 0;
  private correct = 0;
  private groupImages = 0;

  /** `epochImages`: images in the epoch; `buckets`: most groups stored (default 50). */
  constructor(epochImages: number, buckets = 50) {
    this.every = Math.max(1, Math.ceil(epochImages / buckets));
  }

  /** One batch of `images` images with its summed loss and number of correct predictions. */
  add(lossSum: number, correct: number, images: number): void {
    this.seen += images;
    this.lossSum += lossSum;
    this.correct += correct;
    this.groupImages += images;
    if (this.groupImages >= this.every) this.flush();
  }

  private flush(): void {
    if (!this.groupImages) return;
    this.out.images.push(this.seen);
    this.out.loss.push(this.lossSum / this.groupImages);
    this.out.accuracy.push(this.correct / this.groupImages);
    this.lossSum = 0;
    this.correct = 0;
    this.groupImages = 0;
  }

  /** The trace of the epoch (the last partial group included). */
  done(): BatchTrace {
    this.flush();
    return this.out;
  }
}
