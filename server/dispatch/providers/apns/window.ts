// A cap on requests in flight: APNs takes up to 1000 concurrent streams per HTTP/2 connection and
// node-apn starts each request's timeout when it creates the stream, so streams beyond the server's
// limit would wait inside the HTTP/2 layer with their clock running (and time out under load, with
// the push perhaps delivered: a retry could then send it twice). Requests past the cap wait here.
export class RequestWindow {
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  // Runs `work` once a slot is free.
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.inFlight >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.inFlight++;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.inFlight--;
    }
  }
}
