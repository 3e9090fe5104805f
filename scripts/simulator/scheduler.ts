// One timer for thousands of devices: actions due at a time, kept in a binary min-heap and run by
// a single tick, instead of a setTimeout per pending open, click or app start.

interface Entry {
  at: number;
  seq: number;
  run: () => void;
}

export class Scheduler {
  private heap: Entry[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly tickMs = 100) {}

  // Runs `run` `delayMs` milliseconds (real time) from now.
  after(delayMs: number, run: () => void) {
    if (this.stopped) return;
    this.push({ at: Date.now() + Math.max(0, delayMs), seq: this.seq++, run });
    this.timer ??= setInterval(() => this.tick(), this.tickMs);
  }

  get pending() {
    return this.heap.length;
  }

  stop() {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.heap = [];
  }

  private tick() {
    const now = Date.now();
    while (this.heap.length && this.heap[0]!.at <= now) {
      const entry = this.pop();
      try {
        entry.run();
      } catch (error) {
        console.error("[simulator] scheduled action failed:", error);
      }
    }
  }

  private less(a: Entry, b: Entry) {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(entry: Entry) {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): Entry {
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && this.less(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && this.less(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
        i = smallest;
      }
    }
    return top;
  }
}
