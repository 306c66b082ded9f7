using System.Globalization;
using System.Text;
using Patron.DuckDb;
using Patron.Features.Build;
using Patron.Features.Build.Kernel;
using Patron.Warehouse;

namespace Patron.Features.Live;

/// <summary>
/// The feature kernel's input for every customer of the warehouse as of one cutoff, held in memory, so a server that
/// takes events computes a few customers' features without scanning the shop: the rows of <c>customer_rows.sql</c>
/// (column arrays, customers in customer_id order), the rows of <c>customer_side.sql</c>, the products and whether the
/// shop has reviews and sessions, all read once by <see cref="Load"/> in one snapshot. Each <see cref="Compute"/> first
/// appends the order rows committed since (silver rows past the row ids seen, read by the same
/// <c>customer_rows.sql</c>), then runs the same <see cref="CustomerKernel"/> on the customers' rows: the values equal a
/// batch build of the cutoff, as <see cref="LiveFeatures.Compute"/>'s do.
/// </summary>
/// <remarks>
/// Valid while the warehouse only grows by appended orders and lines (<c>SilverBuilder.TryAppend</c>): silver rows
/// are then never rewritten, and nothing else the kernel reads changes. When silver is resolved again in full (customer,
/// product or session events, or a fall-back case), or another cutoff is wanted, the caller loads a new store; an order
/// appended under an id that a stored review names makes <see cref="Compute"/> answer null (the side rows would move),
/// and the caller then computes by <see cref="LiveFeatures.Compute"/> and loads again. Not thread-safe: one caller at a
/// time; <see cref="Load"/> may run on another connection meanwhile.
/// </remarks>
public sealed class LiveRowStore
{
    private readonly RowBatch _rows;
    private readonly RowBatch _appended = new();
    private readonly Dictionary<string, List<int>> _appendedRows = new(StringComparer.Ordinal);
    private readonly SideTable _side;
    private readonly ProductTable _products;
    private readonly TextCodes _categories;
    private readonly bool _reviews;
    private readonly bool _sessions;
    /// <summary>Hashes (<see cref="LiveKeys"/>) of the order ids stored reviews name (an appended order under one of
    /// them moves a side row).</summary>
    private readonly HashSet<long> _reviewed;
    private long _orderMark;
    private long _lineMark;

    private LiveRowStore(DateOnly cutoff, RowBatch rows, SideTable side, ProductTable products, bool reviews, bool sessions, HashSet<long> reviewed, long orderMark, long lineMark, LiveShopFacts facts)
    {
        Facts = facts;
        JournalSequence = facts.JournalSequence;
        Cutoff = cutoff;
        _rows = rows;
        _side = side;
        _products = products;
        _categories = new TextCodes(products.CategoryNames);
        _reviews = reviews;
        _sessions = sessions;
        _reviewed = reviewed;
        _orderMark = orderMark;
        _lineMark = lineMark;
    }

    /// <summary>The cutoff the rows are read as of (features use the rows strictly before it).</summary>
    public DateOnly Cutoff { get; }

    /// <summary>The last journal sequence of posted events whose rows the store holds (the warehouse's mark at the
    /// snapshot of the last read): a provisional order of a later sequence is not among them yet.</summary>
    public long JournalSequence { get; private set; }

    /// <summary>What the fast path checks posted orders against, read in the same snapshot as the rows.</summary>
    public LiveShopFacts Facts { get; }

    /// <summary>The products as of <see cref="Cutoff"/>, as the kernel resolves them.</summary>
    internal ProductTable Products => _products;

    /// <summary>Whether a stored review may name <paramref name="orderId"/> (a hash match: an order under it would move
    /// its customer's side row).</summary>
    public bool IsReviewed(string orderId) => _reviewed.Contains(LiveKeys.Hash(orderId));

    /// <summary>Customers with rows at the load.</summary>
    public int Customers => _rows.Customers;

    /// <summary>Order rows held (one per counted line, or per order without one), appended ones included.</summary>
    public long Rows => (long)_rows.Count + _appended.Count;

    /// <summary>Customers with side rows (attributes, reviews, sessions).</summary>
    public int SideCustomers => _side.Count;

    /// <summary>Bytes held by the stored rows' arrays (order rows, side rows, appended rows; the reviewed order ids'
    /// hashes at about 24 bytes each).</summary>
    public long Bytes => _rows.Bytes + _side.Bytes + _appended.Bytes + (_reviewed.Count * 24L) + Facts.Bytes;

    /// <summary>Reads every customer's rows as of <paramref name="cutoff"/>, in one transaction of
    /// <paramref name="connection"/> (which must not be in one); <paramref name="progress"/> hears each step.</summary>
    public static LiveRowStore Load(DuckDbConnection connection, DateOnly cutoff, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var values = new FeatureBuildOptions { Cutoff = cutoff }.ScriptValues();
        var assembly = typeof(FeatureBuilder).Assembly;
        connection.Execute("BEGIN TRANSACTION;");
        try
        {
            progress?.Report("live rows: marks");
            var marks = connection.Query("""
                SELECT (SELECT coalesce(max(rowid) + 1, 0) FROM silver.orders) AS orders,
                       (SELECT coalesce(max(rowid) + 1, 0) FROM silver.order_lines) AS lines,
                       (SELECT count(*) FROM silver.orders) + (SELECT count(*) FROM silver.order_lines) AS rows
                """);
            var orderMark = marks["orders"].GetInt64(0);
            var lineMark = marks["lines"].GetInt64(0);
            var capacity = (int)Math.Min(marks["rows"].GetInt64(0) + 1, Array.MaxLength / 8);
            progress?.Report("live rows: reviewed orders");
            var reviewed = new HashSet<long>(LiveKeys.Read(connection, "SELECT DISTINCT order_id FROM silver.reviews WHERE order_id IS NOT NULL"));
            progress?.Report("live rows: shop facts");
            var facts = LiveShopFacts.Read(connection, cutoff);

            var shop = connection.Query(SqlScripts.Render(SqlScripts.Load(assembly, "shop_has.sql"), values));
            var reviews = shop["has_reviews"].GetBoolean(0);
            var sessions = shop["has_sessions"].GetBoolean(0);
            progress?.Report("live rows: products");
            var products = ProductTable.Read(connection, cutoff);
            progress?.Report("live rows: side rows");
            SideTable side;
            using (var stream = new SideStream(connection.QueryStreaming(SqlScripts.Render(SqlScripts.Load(assembly, "customer_side.sql"), values))))
            {
                side = new SideTable(stream);
            }

            progress?.Report("live rows: order rows");
            var rows = new RowBatch();
            rows.Reserve(capacity);
            using (var reader = connection.QueryStreaming(SqlScripts.Render(SqlScripts.Load(assembly, "customer_rows.sql"), values)))
            {
                CustomerKernel.Read(reader, rows, products, rows.StartCustomer);
            }

            connection.Execute("COMMIT;");
            return new LiveRowStore(cutoff, rows, side, products, reviews, sessions, reviewed, orderMark, lineMark, facts);
        }
        catch
        {
            connection.Execute("ROLLBACK;");
            throw;
        }
    }

    /// <summary>The features of <paramref name="customerIds"/> that have a purchase before <see cref="Cutoff"/>, by id
    /// (a customer without one is absent), after appending the rows committed since the last call; or null when those
    /// rows cannot simply be appended (see the remarks), in which case nothing was appended.
    /// <paramref name="progress"/> hears each step as it starts (appended marks, appended reviews, appended rows, rows in memory, kernel, values).</summary>
    public IReadOnlyDictionary<string, CustomerFeatureValues>? Compute(DuckDbConnection connection, IEnumerable<string> customerIds, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(customerIds);
        if (ReadAppended(connection, progress) is not { } appended)
        {
            return null;
        }

        Merge(appended);
        return Values(customerIds, null, progress);
    }

    /// <summary>The order rows committed past the marks, read in one snapshot with the journal sequence they hold, for
    /// <see cref="Merge"/>; or null when an appended order's id is named by a stored review (the rows must be read
    /// again). Reads the warehouse but changes nothing in memory, so it may run while another thread computes
    /// (<see cref="Values"/>) under the caller's lock; one reader at a time.</summary>
    public AppendedRows? ReadAppended(DuckDbConnection connection, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        progress?.Report("appended marks");
        return CatchUp(connection, progress);
    }

    /// <summary>Adds rows <see cref="ReadAppended"/> read (on this store) to the rows in memory.</summary>
    public void Merge(AppendedRows appended)
    {
        ArgumentNullException.ThrowIfNull(appended);
        var batch = appended.Rows;
        for (var c = 0; c < batch.Customers; c++)
        {
            var id = Encoding.UTF8.GetString(batch.Id(c));
            if (!_appendedRows.TryGetValue(id, out var list))
            {
                list = [];
                _appendedRows[id] = list;
            }

            _appended.StartCustomer(batch.Id(c));
            for (var i = batch.CustomerStart[c]; i < batch.CustomerStart[c + 1]; i++)
            {
                list.Add(_appended.Count);
                _appended.CopyRow(batch, i);
            }
        }

        _orderMark = appended.OrderMark;
        _lineMark = appended.LineMark;
        JournalSequence = Math.Max(JournalSequence, appended.JournalSequence);
    }

    /// <summary>The features of <paramref name="customerIds"/> from the rows in memory as they are (no read), with the
    /// provisional orders of <paramref name="provisional"/> (the fast path's) added to their customers' rows.</summary>
    public IReadOnlyDictionary<string, CustomerFeatureValues> Values(IEnumerable<string> customerIds, LiveFastPath? provisional, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(customerIds);
        progress?.Report("rows in memory");
        var keys = new List<byte[]>();
        foreach (var id in customerIds)
        {
            keys.Add(Encoding.UTF8.GetBytes(id));
        }

        // The kernel takes customers in increasing byte order of their UTF-8 ids, as DuckDB sorts them.
        keys.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
        var work = new RowBatch();
        byte[]? previous = null;
        foreach (var key in keys)
        {
            if (previous is not null && previous.AsSpan().SequenceEqual(key))
            {
                continue;
            }

            previous = key;
            var stored = _rows.Find(key);
            var text = Encoding.UTF8.GetString(key);
            _appendedRows.TryGetValue(text, out var appended);
            var fast = provisional?.RowsOf(text);
            if (stored < 0 && appended is null && fast is null)
            {
                continue;
            }

            work.StartCustomer(key);
            if (stored >= 0)
            {
                for (var i = _rows.CustomerStart[stored]; i < _rows.CustomerStart[stored + 1]; i++)
                {
                    work.CopyRow(_rows, i);
                }
            }

            if (appended is not null)
            {
                foreach (var i in appended)
                {
                    work.CopyRow(_appended, i);
                }
            }

            if (fast is not null)
            {
                provisional!.CopyRows(fast, work);
            }
        }

        progress?.Report("kernel");
        var sink = new MemorySink();
        var kernel = new CustomerKernel(_products, _side, sink, Cutoff, _reviews, _sessions);
        kernel.Run(work);
        progress?.Report("values");
        return LiveFeatures.Values(sink, kernel.Population, _categories, _side, Cutoff);
    }

    /// <summary>Reads the order rows committed past the marks, in one snapshot; null when an appended order's id is named
    /// by a stored review.</summary>
    private AppendedRows? CatchUp(DuckDbConnection connection, IProgress<string>? progress)
    {
        connection.Execute("BEGIN TRANSACTION;");
        try
        {
            var marks = connection.Query(string.Create(CultureInfo.InvariantCulture, $"""
                SELECT (SELECT coalesce(max(rowid) + 1, {_orderMark}) FROM silver.orders WHERE rowid >= {_orderMark}) AS orders,
                       (SELECT coalesce(max(rowid) + 1, {_lineMark}) FROM silver.order_lines WHERE rowid >= {_lineMark}) AS lines
                """));
            var orderMark = marks["orders"].GetInt64(0);
            var lineMark = marks["lines"].GetInt64(0);
            var sequence = LiveShopFacts.ReadJournalSequence(connection);
            var batch = new RowBatch();
            if (orderMark == _orderMark)
            {
                // Lines without a new order cannot join an order of this cutoff's rows (an earlier order's id would
                // have sent the batch to the full resolution).
                connection.Execute("COMMIT;");
                return new AppendedRows(batch, orderMark, lineMark, sequence);
            }

            var orders = string.Create(CultureInfo.InvariantCulture, $"o.rowid >= {_orderMark} AND o.rowid < {orderMark}");
            if (_reviewed.Count > 0)
            {
                progress?.Report("appended reviews");
                foreach (var hash in LiveKeys.Read(connection, $"SELECT order_id FROM silver.orders o WHERE {orders} AND order_id IS NOT NULL"))
                {
                    if (_reviewed.Contains(hash))
                    {
                        // Perhaps only a collision of hashes: read again all the same.
                        connection.Execute("COMMIT;");
                        return null;
                    }
                }
            }

            progress?.Report("appended rows");

            var values = new FeatureBuildOptions { Cutoff = Cutoff }.ScriptValues();
            values["o_filter"] = orders;
            values["line_filter"] = string.Create(CultureInfo.InvariantCulture, $"rowid >= {_lineMark} AND rowid < {lineMark}");
            using (var reader = connection.QueryStreaming(SqlScripts.Render(SqlScripts.Load(typeof(FeatureBuilder).Assembly, "customer_rows.sql"), values)))
            {
                CustomerKernel.Read(reader, batch, _products, batch.StartCustomer);
            }

            connection.Execute("COMMIT;");
            return new AppendedRows(batch, orderMark, lineMark, sequence);
        }
        catch
        {
            connection.Execute("ROLLBACK;");
            throw;
        }
    }
}

/// <summary>Order rows committed since a store's last read (<see cref="LiveRowStore.ReadAppended"/>), with the marks and
/// the journal sequence of their snapshot.</summary>
public sealed class AppendedRows
{
    internal AppendedRows(RowBatch rows, long orderMark, long lineMark, long journalSequence)
    {
        Rows = rows;
        OrderMark = orderMark;
        LineMark = lineMark;
        JournalSequence = journalSequence;
    }

    /// <summary>Order rows read.</summary>
    public int Count => Rows.Count;

    /// <summary>The last journal sequence of posted events the snapshot holds.</summary>
    public long JournalSequence { get; }

    internal RowBatch Rows { get; }

    internal long OrderMark { get; }

    internal long LineMark { get; }
}
