using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Patron.DuckDb.Native;

namespace Patron.DuckDb;

/// <summary>A column a <see cref="DuckDbRowSource"/> produces.</summary>
/// <param name="Name">The column's name in the query.</param>
/// <param name="Type">BIGINT, INTEGER, DOUBLE, BOOLEAN, DATE or VARCHAR.</param>
public readonly record struct DuckDbSourceColumn(string Name, DuckDbType Type);

/// <summary>
/// Rows produced in C# that DuckDB reads as a table in a FROM clause (<see cref="DuckDbConnection.Scan"/>), so a query
/// such as <c>INSERT INTO t SELECT * FROM …</c> takes them with DuckDB's own parallel operators and no appender.
/// </summary>
/// <remarks>
/// The rows come in numbered batches of at most DuckDB's vector size (2048). DuckDB asks for each batch once, from any of
/// its threads, several batches at a time, so <see cref="Fill"/> must be safe to call concurrently for different batches.
/// Batches reach the query in no fixed order: a consumer that needs an order must say it in SQL.
/// </remarks>
public abstract class DuckDbRowSource
{
    protected DuckDbRowSource(IReadOnlyList<DuckDbSourceColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        foreach (var column in columns)
        {
            _ = DuckDbOutputChunk.NativeType(column.Type);
        }

        Columns = columns;
    }

    public IReadOnlyList<DuckDbSourceColumn> Columns { get; }

    /// <summary>How many batches there are.</summary>
    public abstract int Batches { get; }

    /// <summary>How many rows the batches hold together (DuckDB plans with it).</summary>
    public abstract long Rows { get; }

    /// <summary>The most DuckDB threads that may read at once.</summary>
    public virtual int MaxThreads => Environment.ProcessorCount;

    /// <summary>Writes batch <paramref name="batch"/> into <paramref name="output"/> and returns its row count, at most
    /// <see cref="DuckDbOutputChunk.Capacity"/>. Called concurrently for different batches.</summary>
    public abstract int Fill(int batch, DuckDbOutputChunk output);
}

/// <summary>The chunk a <see cref="DuckDbRowSource"/> fills for DuckDB: every value is valid unless marked NULL.</summary>
/// <remarks>Spans are DuckDB's own vectors; they are valid only during the <see cref="DuckDbRowSource.Fill"/> call that
/// received the chunk.</remarks>
public readonly unsafe ref struct DuckDbOutputChunk
{
    private readonly nint _chunk;
    private readonly IReadOnlyList<DuckDbSourceColumn> _columns;

    internal DuckDbOutputChunk(nint chunk, IReadOnlyList<DuckDbSourceColumn> columns, int capacity)
    {
        _chunk = chunk;
        _columns = columns;
        Capacity = capacity;
    }

    /// <summary>The most rows the chunk holds.</summary>
    public int Capacity { get; }

    public Span<long> Int64s(int column) => new(Data(column, DuckDbType.BigInt), Capacity);

    /// <summary>An INTEGER column's values, or a DATE column's days since 1970-01-01.</summary>
    public Span<int> Int32s(int column) => new(Data(column, _columns[column].Type == DuckDbType.Date ? DuckDbType.Date : DuckDbType.Integer), Capacity);

    public Span<double> Doubles(int column) => new(Data(column, DuckDbType.Double), Capacity);

    /// <summary>A BOOLEAN column's values as bytes, 1 for true.</summary>
    public Span<byte> Booleans(int column) => new(Data(column, DuckDbType.Boolean), Capacity);

    /// <summary>Writes UTF-8 text into a VARCHAR column.</summary>
    public void SetString(int column, int row, ReadOnlySpan<byte> utf8)
    {
        _ = Data(column, DuckDbType.Varchar);
        CheckRow(row);
        fixed (byte* text = utf8)
        {
            NativeMethods.VectorAssignStringElementLength(Vector(column), (ulong)row, text, (ulong)utf8.Length);
        }
    }

    /// <summary>The column's validity bits (bit <c>row % 64</c> of word <c>row / 64</c>; 1 = valid), all set at first.</summary>
    public Span<ulong> Validity(int column)
    {
        var vector = Vector(column);
        NativeMethods.VectorEnsureValidityWritable(vector);
        return new Span<ulong>(NativeMethods.VectorGetValidity(vector), (Capacity + 63) / 64);
    }

    public void SetNull(int column, int row)
    {
        CheckRow(row);
        Validity(column)[row >> 6] &= ~(1UL << (row & 63));
    }

    internal static NativeTypeId NativeType(DuckDbType type) => type switch
    {
        DuckDbType.BigInt => NativeTypeId.BigInt,
        DuckDbType.Integer => NativeTypeId.Integer,
        DuckDbType.Double => NativeTypeId.Double,
        DuckDbType.Boolean => NativeTypeId.Boolean,
        DuckDbType.Date => NativeTypeId.Date,
        DuckDbType.Varchar => NativeTypeId.Varchar,
        _ => throw new NotSupportedException($"A row source cannot produce {type} columns."),
    };

    private nint Vector(int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, _columns.Count);
        return NativeMethods.DataChunkGetVectorRaw(_chunk, (ulong)column);
    }

    private void* Data(int column, DuckDbType expected)
    {
        var vector = Vector(column);
        if (_columns[column].Type != expected)
        {
            throw new InvalidOperationException($"Column {column} ({_columns[column].Name}) is {_columns[column].Type}, not {expected}.");
        }

        return NativeMethods.VectorGetData(vector);
    }

    private void CheckRow(int row)
    {
        if ((uint)row >= (uint)Capacity)
        {
            throw new ArgumentOutOfRangeException(nameof(row));
        }
    }
}

/// <summary>
/// The table function <c>patron_rows(token)</c> through which DuckDB reads <see cref="DuckDbRowSource"/>s: registered once
/// per database, it finds the source by the token <see cref="DuckDbConnection.Scan"/> handed out.
/// </summary>
internal static unsafe class DuckDbRowSources
{
    internal const string FunctionName = "patron_rows";

    private static readonly ConcurrentDictionary<long, DuckDbRowSource> Sources = new();
    private static readonly ConditionalWeakTable<DuckDbDatabase, object> Registered = new();
    private static long _lastToken;

    internal static DuckDbRowSourceScope Add(DuckDbConnection connection, DuckDbRowSource source)
    {
        EnsureRegistered(connection);
        var token = Interlocked.Increment(ref _lastToken);
        Sources[token] = source;
        return new DuckDbRowSourceScope(token);
    }

    internal static void Remove(long token) => Sources.TryRemove(token, out _);

    private static void EnsureRegistered(DuckDbConnection connection)
    {
        lock (Registered)
        {
            if (Registered.TryGetValue(connection.Database, out _))
            {
                return;
            }

            var function = NativeMethods.CreateTableFunction();
            try
            {
                NativeMethods.TableFunctionSetName(function, FunctionName);
                var bigint = NativeMethods.CreateLogicalType(NativeTypeId.BigInt);
                NativeMethods.TableFunctionAddParameter(function, bigint);
                NativeMethods.DestroyLogicalType(ref bigint);
                NativeMethods.TableFunctionSetBind(function, &Bind);
                NativeMethods.TableFunctionSetInit(function, &Init);
                NativeMethods.TableFunctionSetFunction(function, &Scan);
                DuckDbErrors.Check(NativeMethods.RegisterTableFunction(connection.Handle, function),
                    $"Could not register the table function {FunctionName}.");
            }
            finally
            {
                NativeMethods.DestroyTableFunction(ref function);
            }

            Registered.Add(connection.Database, new object());
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Bind(nint info)
    {
        try
        {
            var parameter = NativeMethods.BindGetParameter(info, 0);
            var token = NativeMethods.GetInt64(parameter);
            NativeMethods.DestroyValue(ref parameter);
            if (!Sources.TryGetValue(token, out var source))
            {
                NativeMethods.BindSetError(info, $"{FunctionName}({token}): no such row source; it is read only while its scope is open.");
                return;
            }

            foreach (var column in source.Columns)
            {
                var type = NativeMethods.CreateLogicalType(DuckDbOutputChunk.NativeType(column.Type));
                NativeMethods.BindAddResultColumn(info, column.Name, type);
                NativeMethods.DestroyLogicalType(ref type);
            }

            NativeMethods.BindSetCardinality(info, (ulong)source.Rows, true);
            NativeMethods.BindSetBindData(info, (nint)token, 0);
        }
        catch (Exception error)
        {
            NativeMethods.BindSetError(info, error.Message);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Init(nint info)
    {
        try
        {
            var token = (long)NativeMethods.InitGetBindData(info);
            if (!Sources.TryGetValue(token, out var source))
            {
                NativeMethods.InitSetError(info, $"{FunctionName}({token}): the row source was closed.");
                return;
            }

            var state = GCHandle.Alloc(new ScanState(source));
            NativeMethods.InitSetInitData(info, GCHandle.ToIntPtr(state), &FreeState);
            NativeMethods.InitSetMaxThreads(info, (ulong)Math.Max(1, source.MaxThreads));
        }
        catch (Exception error)
        {
            NativeMethods.InitSetError(info, error.Message);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void FreeState(nint state) => GCHandle.FromIntPtr(state).Free();

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void Scan(nint info, nint output)
    {
        try
        {
            var state = (ScanState)GCHandle.FromIntPtr(NativeMethods.FunctionGetInitData(info)).Target!;
            var batch = Interlocked.Increment(ref state.Next) - 1;
            var rows = 0;
            if (batch < state.Source.Batches)
            {
                var chunk = new DuckDbOutputChunk(output, state.Source.Columns, state.Capacity);
                rows = state.Source.Fill(batch, chunk);
                if ((uint)rows > (uint)state.Capacity)
                {
                    throw new InvalidOperationException($"Batch {batch} of the row source wrote {rows} rows; a chunk holds {state.Capacity}.");
                }
            }

            NativeMethods.DataChunkSetSizeRaw(output, (ulong)rows);
        }
        catch (Exception error)
        {
            NativeMethods.FunctionSetError(info, error.Message);
        }
    }

    private sealed class ScanState(DuckDbRowSource source)
    {
        public readonly DuckDbRowSource Source = source;
        public readonly int Capacity = checked((int)NativeMethods.VectorSize());
        public int Next;
    }
}

/// <summary>A row source made readable in SQL; <see cref="Sql"/> names it in a FROM clause until the scope is disposed.</summary>
public sealed class DuckDbRowSourceScope : IDisposable
{
    private readonly long _token;

    internal DuckDbRowSourceScope(long token)
    {
        _token = token;
        Sql = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{DuckDbRowSources.FunctionName}({token})");
    }

    /// <summary>The table expression to put in a FROM clause, e.g. <c>patron_rows(3)</c>.</summary>
    public string Sql { get; }

    public void Dispose() => DuckDbRowSources.Remove(_token);
}
