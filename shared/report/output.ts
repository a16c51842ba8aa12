/** Where a report goes: standard output, a file, or a string in memory. */
export interface TextSink {
  /** False when the sink wants the writer to wait for "drain" (a Node stream's backpressure). */
  write(chunk: string): boolean;
  once?(event: "drain", listener: () => void): unknown;
}

const FLUSH_AT = 64 * 1024;

/**
 * Writes a report piece by piece, in chunks of about 64 KiB, waiting whenever the sink asks to:
 * a report of any size costs one chunk of memory, not the whole text.
 */
export class TextOutput {
  readonly #sink: TextSink;
  #pending: string[] = [];
  #pendingLength = 0;

  constructor(sink: TextSink) {
    this.#sink = sink;
  }

  async write(text: string): Promise<void> {
    this.#pending.push(text);
    this.#pendingLength += text.length;
    if (this.#pendingLength >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.#pendingLength === 0) return;
    const chunk = this.#pending.join("");
    this.#pending = [];
    this.#pendingLength = 0;
    if (!this.#sink.write(chunk) && this.#sink.once) await new Promise<void>((resolve) => this.#sink.once!("drain", resolve));
  }
}

/** A sink that keeps what is written, for callers that want the report as one string. */
export class StringSink implements TextSink {
  #chunks: string[] = [];

  write(chunk: string): boolean {
    this.#chunks.push(chunk);
    return true;
  }

  text(): string {
    return this.#chunks.join("");
  }
}
