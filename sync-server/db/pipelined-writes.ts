import {
  CompiledQuery,
  InsertQueryNode,
  PostgresDialect,
  RawNode,
  ValuesNode,
  sql,
  type DatabaseConnection,
  type PostgresDialectConfig,
  type Driver,
  type QueryExecutorProvider,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

/**
 * A statement that only waits for the writes sent before it. On Postgres with
 * pipelined writes it is never sent; elsewhere (PGlite) it is answered without running.
 */
export const SETTLE_WRITES_SQL = '/* settle pipelined writes */';

/**
 * Waits for the writes sent without waiting in this transaction and throws the first one's
 * error, if any. Call it where a unit of work ends and its failure must be its own (a
 * mutation inside a push): a write's error otherwise surfaces at the next statement, which
 * may belong to someone else.
 */
export async function settlePipelinedWrites(db: QueryExecutorProvider): Promise<void> {
  await sql.raw(SETTLE_WRITES_SQL).execute(db);
}

/**
 * Runs compiled queries on the transaction's connection at once and returns their answers
 * in order: on Postgres with pipelined writes they share one round trip (issue 21: a pull
 * read its page's rows table by table, a round trip each, because Kysely awaits every
 * statement of a transaction and a `Promise.all` of them is serialised). Elsewhere (PGlite,
 * or pipelining off) they run one after another. The first failure is thrown; it aborts a
 * transaction as a single failed statement would.
 */
export async function executeTogether<R>(
  db: QueryExecutorProvider,
  queries: readonly CompiledQuery[],
): Promise<QueryResult<R>[]> {
  if (queries.length === 0) return [];
  return db
    .getExecutor()
    .provideConnection((connection) =>
      connection instanceof PipelinedConnection
        ? connection.executeTogether<R>(queries)
        : executeInTurn<R>(connection, queries),
    );
}

async function executeInTurn<R>(
  connection: DatabaseConnection,
  queries: readonly CompiledQuery[],
): Promise<QueryResult<R>[]> {
  const answers: QueryResult<R>[] = [];
  for (const query of queries) answers.push(await connection.executeQuery<R>(query));
  return answers;
}

const BEGIN_OR_SAVEPOINT = /^(begin|start transaction|savepoint\s)/i;

const ANSWER_UNREAD_COMMENT = '/* answer unread */';

/**
 * Marks a statement whose answer its caller never reads (setting the transaction's role and
 * tenant), so it is pipelined like an insert: append it to raw SQL, or pass it to a query
 * builder's modifyEnd.
 */
export const ANSWER_UNREAD = sql.raw(ANSWER_UNREAD_COMMENT);
const ROLLBACK_TO_SAVEPOINT = /^rollback\s+to\s/i;

/**
 * The answer of a statement known before Postgres gives it, or undefined: a plain insert of
 * listed rows (no returning, no `on conflict`, no CTE) inserts every row or fails, so its
 * row count is the number of rows; beginning the transaction, taking a savepoint and what is
 * marked ANSWER_UNREAD answer nothing anyone reads. Updates, deletes and `on conflict`
 * inserts are not among them: callers read how many rows they changed.
 */
function answerKnownAhead(query: CompiledQuery): QueryResult<never> | undefined {
  const node = query.query;
  if (query.sql.endsWith(ANSWER_UNREAD_COMMENT)) return { rows: [] };
  if (InsertQueryNode.is(node)) {
    const listed = node.values && ValuesNode.is(node.values) ? node.values.values.length : 0;
    const plain =
      listed > 0 &&
      node.returning === undefined &&
      node.onConflict === undefined &&
      node.onDuplicateKey === undefined &&
      node.with === undefined &&
      node.orAction === undefined;
    return plain ? { rows: [], numAffectedRows: BigInt(listed) } : undefined;
  }
  return RawNode.is(node) && BEGIN_OR_SAVEPOINT.test(query.sql) ? { rows: [] } : undefined;
}

/**
 * A connection that, inside a transaction, sends a statement whose answer is known ahead
 * and returns that answer at once, so the statements after it share its round trip (node-postgres pipeline
 * mode sends each query as it is issued and answers them in order). Kysely runs a
 * transaction's statements one at a time and awaits each, so without this a sale's six
 * inserts cost six round trips.
 *
 * A write that fails aborts the transaction, so every later statement fails too; the
 * connection reports the write's own error, at the next statement that waits for an answer
 * (or at settlePipelinedWrites, or the commit).
 */
class PipelinedConnection implements DatabaseConnection {
  inTransaction = false;
  /** The transaction was begun read only: its COMMIT has nothing to wait for. */
  readOnly = false;
  private inFlight: Promise<void>[] = [];
  private failure: { readonly error: unknown } | undefined;

  /** @param pipelines false: every statement waits for its answer, as without this class. */
  constructor(
    readonly inner: DatabaseConnection,
    private readonly pipelines: boolean,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (query.sql === SETTLE_WRITES_SQL) {
      await this.settle();
      return { rows: [] };
    }
    const knownAhead = this.pipelines && this.inTransaction ? answerKnownAhead(query) : undefined;
    if (knownAhead) {
      this.sendWithoutWaiting(query);
      return knownAhead;
    }
    let answer: { readonly result: QueryResult<R> } | { readonly error: unknown };
    try {
      answer = { result: await this.inner.executeQuery<R>(query) };
    } catch (error) {
      answer = { error };
    }
    // Answers come in order: the writes before this statement are settled by now.
    if ('result' in answer && ROLLBACK_TO_SAVEPOINT.test(query.sql)) {
      // It succeeded, so the transaction is sound again: a write that failed came after the
      // savepoint (one before it would have failed the savepoint too) and is undone.
      await this.settleQuietly();
      return answer.result;
    }
    await this.settle();
    if ('error' in answer) throw answer.error;
    return answer.result;
  }

  /** See executeTogether: node-postgres sends each as it is issued and answers in order. */
  executeTogether<R>(queries: readonly CompiledQuery[]): Promise<QueryResult<R>[]> {
    if (!this.pipelines) return executeInTurn<R>(this, queries);
    return Promise.all(queries.map((query) => this.executeQuery<R>(query)));
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }

  /** Waits for the writes in flight; throws the first one's error, once. */
  async settle(): Promise<void> {
    const inFlight = this.inFlight;
    this.inFlight = [];
    await Promise.all(inFlight);
    const failure = this.failure;
    this.failure = undefined;
    if (failure) throw failure.error;
  }

  /** Waits for the writes in flight, whose errors no longer matter. */
  async settleQuietly(): Promise<void> {
    await this.settle().catch(() => undefined);
  }

  /** Ends the transaction's bookkeeping: what is in flight no longer matters (a rollback). */
  async forget(): Promise<void> {
    await this.settleQuietly();
    this.inTransaction = false;
    this.readOnly = false;
  }

  /** Sends a statement whose answer and failure nobody reads. */
  sendQuietly(query: CompiledQuery): void {
    this.inner.executeQuery(query).catch(() => undefined);
  }

  private sendWithoutWaiting(query: CompiledQuery): void {
    this.inFlight.push(
      this.inner.executeQuery(query).then(
        () => undefined,
        (error: unknown) => {
          this.failure ??= { error };
        },
      ),
    );
  }
}

type SavepointCompiler = QueryCompiler['compileQuery'];

/** Kysely's Postgres driver with PipelinedConnection inside transactions. */
class PipelinedWritesDriver implements Driver {
  private readonly wrappers = new WeakMap<DatabaseConnection, PipelinedConnection>();

  constructor(
    private readonly inner: Driver,
    private readonly pipelines: boolean,
  ) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const connection = await this.inner.acquireConnection();
    let wrapper = this.wrappers.get(connection);
    if (!wrapper) {
      wrapper = new PipelinedConnection(connection, this.pipelines);
      this.wrappers.set(connection, wrapper);
    }
    return wrapper;
  }

  async beginTransaction(
    connection: DatabaseConnection,
    settings: TransactionSettings,
  ): Promise<void> {
    const wrapper = pipelined(connection);
    // Set first: BEGIN itself shares the round trip of the transaction's first statement.
    wrapper.inTransaction = true;
    wrapper.readOnly = settings.accessMode === 'read only';
    await this.inner.beginTransaction(wrapper, settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const wrapper = pipelined(connection);
    if (this.pipelines && wrapper.readOnly) {
      // Nothing to make durable and nothing to report: the COMMIT of a read-only
      // transaction goes out without waiting, and whoever uses the connection next is
      // answered after it (a pull's last round trip saved). Only a lost connection fails
      // it, and that fails the next statement on the connection as well.
      await wrapper.settle();
      wrapper.sendQuietly(CompiledQuery.raw('commit'));
      wrapper.inTransaction = false;
      wrapper.readOnly = false;
      return;
    }
    // Through the wrapper: a write's error is reported as itself, not as an aborted commit.
    await this.inner.commitTransaction(wrapper);
    wrapper.inTransaction = false;
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const wrapper = pipelined(connection);
    await wrapper.forget();
    // The inner connection itself: the driver marks it for discard if rollback fails.
    await this.inner.rollbackTransaction(wrapper.inner);
  }

  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compile: SavepointCompiler,
  ): Promise<void> {
    await this.inner.savepoint?.(connection, name, compile);
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: SavepointCompiler,
  ): Promise<void> {
    await this.inner.rollbackToSavepoint?.(connection, name, compile);
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: SavepointCompiler,
  ): Promise<void> {
    await this.inner.releaseSavepoint?.(connection, name, compile);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const wrapper = pipelined(connection);
    // A transaction always ends in commit or rollback; this covers one abandoned mid-way.
    if (wrapper.inTransaction) await wrapper.forget();
    await this.inner.releaseConnection(wrapper.inner);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

function pipelined(connection: DatabaseConnection): PipelinedConnection {
  if (!(connection instanceof PipelinedConnection)) {
    throw new TypeError('a connection of another driver reached the pipelined-writes driver');
  }
  return connection;
}

/**
 * Postgres through node-postgres, with a transaction's unread writes pipelined behind the
 * statements that follow them (issue 21: a push's inserts shared one round trip). With
 * `pipelines` false every statement waits, and only settlePipelinedWrites is answered here.
 */
export class PipelinedWritesPostgresDialect extends PostgresDialect {
  constructor(
    config: PostgresDialectConfig,
    private readonly pipelines: boolean,
  ) {
    super(config);
  }

  override createDriver(): Driver {
    return new PipelinedWritesDriver(super.createDriver(), this.pipelines);
  }
}
