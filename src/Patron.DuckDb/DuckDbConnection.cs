using Patron.DuckDb.Native;
using Patron.DuckDb.Reading;

namespace Patron.DuckDb;

/// <summary>A connection to a DuckDB database: runs SQL, prepares statements, appends rows.</summary>
/// <remarks>
/// Not thread-safe: use one connection per thread (open more with <see cref="DuckDbDatabase.Connect()"/>).
/// A connection from <see cref="Open"/> or <see cref="OpenInMemory"/> owns its database and closes it on dispose.
/// </remarks>
public sealed class DuckDbConnection : IDisposable
{
    private readonly ConnectionHandle _handle;
    private readonly bool _ownsDatabase;

    static DuckDbConnection()
    {
        NativeMethods.EnsureInitialized();
    }

    internal DuckDbConnection(ConnectionHandle handle, DuckDbDatabase database, bool ownsDatabase)
    {
        _handle = handle;
        Database = database;
        _ownsDatabase = ownsDatabase;
    }

    /// <summary>The database this connection belongs to.</summary>
    public DuckDbDatabase Database { get; }

    internal ConnectionHandle Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle;
        }
    }

    /// <summary>Opens the database at <paramref name="path"/> (or <c>":memory:"</c>) with a connection that owns it.</summary>
    public static DuckDbConnection Open(string path, DuckDbConfig? config = null)
    {
        var database = DuckDbDatabase.Open(path, config);
        try
        {
            return database.Connect(ownsDatabase: true);
        }
        catch
        {
            database.Dispose();
            throw;
        }
    }

    /// <summary>Opens a private in-memory database with a connection that owns it.</summary>
    public static DuckDbConnection OpenInMemory() => Open(DuckDbDatabase.InMemoryPath);

    /// <summary>Runs one or more statements separated by semicolons and discards their results.</summary>
    public void Execute(string sql)
    {
        using var result = Run(sql);
    }

    /// <summary>Runs one or more statements; returns the rows changed by the last one.</summary>
    public long ExecuteNonQuery(string sql)
    {
        using var result = Run(sql);
        return (long)NativeMethods.RowsChanged(result);
    }

    /// <summary>
    /// The first column of the first row, or default (null for nullable types) when there is no row or
    /// the value is NULL. Numeric types convert, for example a HUGEINT <c>SUM</c> to <c>long</c>.
    /// Ask for <c>long?</c> rather than <c>long</c> to tell NULL from zero.
    /// </summary>
    public T? Scalar<T>(string sql)
    {
        using var result = Run(sql);
        return FirstValue<T>(result);
    }

    /// <summary>Runs <paramref name="sql"/> and copies the whole (last statement's) result into managed columns.</summary>
    public DuckDbResult Query(string sql)
    {
        using var result = Run(sql);
        return ResultReader.Materialize(result);
    }

    /// <summary>Prepares one statement, binds <paramref name="parameters"/> to <c>?</c>/<c>$n</c> in order and returns the rows it changed.</summary>
    public long ExecuteNonQuery(string sql, params ReadOnlySpan<object?> parameters)
    {
        using var statement = Prepare(sql);
        return statement.BindAll(parameters).ExecuteNonQuery();
    }

    /// <summary>Like <see cref="Scalar{T}(string)"/>, for one statement with bound parameters.</summary>
    public T? Scalar<T>(string sql, params ReadOnlySpan<object?> parameters)
    {
        using var statement = Prepare(sql);
        return statement.BindAll(parameters).Scalar<T>();
    }

    /// <summary>Like <see cref="Query(string)"/>, for one statement with bound parameters.</summary>
    public DuckDbResult Query(string sql, params ReadOnlySpan<object?> parameters)
    {
        using var statement = Prepare(sql);
        return statement.BindAll(parameters).Query();
    }

    /// <summary>
    /// Runs one statement and reads its result chunk by chunk (up to 2048 rows each) without
    /// materializing it: <c>while (reader.NextChunk()) { reader.RowCount; reader.Column(i); }</c>.
    /// </summary>
    /// <remarks>Run nothing else on this connection until the reader is disposed; DuckDB would close the stream.</remarks>
    public DuckDbReader QueryStreaming(string sql)
    {
        var statement = Prepare(sql);
        try
        {
            return statement.ExecuteStreaming(ownsStatement: true);
        }
        catch
        {
            statement.Dispose();
            throw;
        }
    }

    /// <summary>Prepares one statement with <c>?</c> or <c>$1</c> parameters.</summary>
    public DuckDbPreparedStatement Prepare(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var status = NativeMethods.Prepare(Handle, sql, out var statement);
        try
        {
            DuckDbErrors.Check(status, statement, sql);
        }
        catch
        {
            statement.Dispose();
            throw;
        }

        return new DuckDbPreparedStatement(statement, sql);
    }

    /// <summary>Opens an appender that bulk-inserts rows into <paramref name="schema"/>.<paramref name="table"/>.</summary>
    public DuckDbAppender CreateAppender(string schema, string table) => new(this, schema, table);

    /// <summary>Opens an appender that fills whole chunks of <paramref name="schema"/>.<paramref name="table"/>'s columns at a time.</summary>
    public DuckDbChunkAppender CreateChunkAppender(string schema, string table) => new(this, schema, table);

    /// <summary>Makes <paramref name="source"/> readable in SQL on any connection of this database until the returned scope
    /// is disposed: <c>INSERT INTO t SELECT * FROM {scope.Sql}</c>.</summary>
    public DuckDbRowSourceScope Scan(DuckDbRowSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return DuckDbRowSources.Add(this, source);
    }

    /// <summary>Starts a transaction; dispose it without <see cref="DuckDbTransaction.Commit"/> to roll back.</summary>
    public DuckDbTransaction BeginTransaction()
    {
        Execute("BEGIN TRANSACTION");
        return new DuckDbTransaction(this);
    }

    /// <summary>
    /// Progress of the query running on this connection, once <see cref="EnableProgress"/> was called.
    /// Safe to call from another thread while the query runs.
    /// </summary>
    public DuckDbQueryProgress Progress
    {
        get
        {
            var progress = NativeMethods.QueryProgress(Handle);
            return new DuckDbQueryProgress(progress.Percentage, (long)progress.RowsProcessed, (long)progress.TotalRowsToProcess);
        }
    }

    /// <summary>
    /// Makes DuckDB track the progress of this connection's queries from their start, without printing
    /// its own progress bar, so that <see cref="Progress"/> can be polled.
    /// </summary>
    public void EnableProgress() =>
        Execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false; SET progress_bar_time = 0");

    /// <summary>
    /// Asks the query running on this connection to stop; it then fails with a <see cref="DuckDbException"/>.
    /// Safe to call from another thread; does nothing when no query runs.
    /// </summary>
    public void Interrupt() => NativeMethods.Interrupt(Handle);

    public void Dispose()
    {
        _handle.Dispose();
        if (_ownsDatabase)
        {
            Database.Dispose();
        }
    }

    internal static T? FirstValue<T>(ResultHandle result)
    {
        using var first = ResultReader.Materialize(result, maxChunks: 1);
        return first.RowCount == 0 || first.ColumnCount == 0 ? default : ScalarConversion.Convert<T>(first[0], 0);
    }

    private ResultHandle Run(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var result = ResultHandle.Allocate();
        try
        {
            DuckDbErrors.Check(NativeMethods.Query(Handle, sql, result), result, sql);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }
}
