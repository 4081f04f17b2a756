interface ScheduledTask {
  dueAt: number;
  order: number;
  run: () => void;
}

/**
 * Runs callbacks after a delay using one timer and a binary min-heap, so tens of thousands of pending status
 * reports cost one timer instead of one each.
 */
export class DelayedTaskQueue {
  private readonly heap: ScheduledTask[] = [];
  private timer: NodeJS.Timeout | null = null;
  private timerDueAt = Infinity;
  private counter = 0;
  private stopped = false;

  constructor(
    private readonly onError: (err: unknown) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.heap.length;
  }

  schedule(delayMs: number, run: () => void): void {
    if (this.stopped) return;
    this.push({ dueAt: this.now() + Math.max(0, delayMs), order: this.counter++, run });
    this.arm();
  }

  /** Drops every pending task and refuses new ones. */
  stop(): void {
    this.stopped = true;
    this.heap.length = 0;
    this.clearTimer();
  }

  private runDue(): void {
    this.clearTimer();
    const now = this.now();
    while (this.heap.length > 0 && this.heap[0].dueAt <= now) {
      const task = this.pop();
      try {
        task.run();
      } catch (err) {
        this.onError(err);
      }
    }
    this.arm();
  }

  private arm(): void {
    if (this.stopped || this.heap.length === 0) return;
    const dueAt = this.heap[0].dueAt;
    if (this.timer && dueAt >= this.timerDueAt) return;
    this.clearTimer();
    this.timerDueAt = dueAt;
    this.timer = setTimeout(() => this.runDue(), Math.max(0, dueAt - this.now()));
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.timerDueAt = Infinity;
  }

  private before(a: ScheduledTask, b: ScheduledTask): boolean {
    return a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.order < b.order);
  }

  private push(task: ScheduledTask): void {
    const heap = this.heap;
    heap.push(task);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!this.before(heap[index], heap[parent])) break;
      [heap[index], heap[parent]] = [heap[parent], heap[index]];
      index = parent;
    }
  }

  private pop(): ScheduledTask {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop() as ScheduledTask;
    if (heap.length > 0) {
      heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    let index = start;
    for (;;) {
      const left = index * 2 + 1;
      const right = left + 1;
      let smallest = index;
      if (left < heap.length && this.before(heap[left], heap[smallest])) smallest = left;
      if (right < heap.length && this.before(heap[right], heap[smallest])) smallest = right;
      if (smallest === index) return;
      [heap[index], heap[smallest]] = [heap[smallest], heap[index]];
      index = smallest;
    }
  }
}
