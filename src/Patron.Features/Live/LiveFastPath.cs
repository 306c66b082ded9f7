using Patron.DuckDb;
using Patron.Features.Build;
using Patron.Features.Build.Kernel;
using Patron.Warehouse.Sources.Events;

namespace Patron.Features.Live;

/// <summary>
/// Posted orders applied to the rows in memory straight from the journal, before the warehouse takes them: each order
/// whose fate under the silver rules is certain without the warehouse becomes a <b>provisional</b> order (its rows as
/// <c>customer_rows.sql</c> would read them once stored), which <see cref="LiveRowStore.Values"/> adds to its customer's
/// rows until the rows in memory hold the journal sequence it came with (<see cref="Settle"/>); from then on the
/// warehouse's rows count, whatever silver made of the order. Every other order waits for the warehouse as before.
/// </summary>
/// <remarks>
/// <para>Certain means every check of the silver rules (<c>order_flags.sql</c>, <c>line_flags.sql</c>, the duplicate
/// blocks, the price rule) passes whatever else the warehouse holds or will receive before it: a request without
/// customer or session events; plain ids (letters, digits and <c>-_.:@/#</c>, as read back from the batch's CSV
/// files); an order id neither the warehouse (<see cref="LiveShopFacts.MayHoldOrder"/>, any source, bronze included) nor
/// an earlier journaled request holds, and no stored review names; a customer some source knows; a time not after now,
/// not before the shop opened and before the rows' cutoff; and 1 or more lines, each of a known product, with a
/// positive quantity (no returns), a positive price, amounts below 10^12, and a price the price rule cannot flag: the
/// rule compares ln(price) with the median m of the product's earlier prices and flags only |ln p − m| above a bound of
/// at least ln 5, and m lies between the lowest and highest of them, so a price within a factor of 5 of every price
/// of the product the events' bronze lines and the journal hold (or a product with fewer than 3 of them) is never
/// flagged.</para>
/// <para>A later request under the id of a provisional order with other content (the warehouse may then keep the
/// other one) withdraws the provisional order at once. Conversions (line amount, decimals, payment class, margin,
/// product version) are done by DuckDB on an in-memory database with the expressions of the staging view and of
/// <c>customer_rows.sql</c>, so a provisional row equals the stored one to the bit. Not thread-safe: the caller holds
/// one lock for this and the <see cref="LiveRowStore"/> it applies to.</para>
/// </remarks>
public sealed class LiveFastPath : IDisposable
{
    private static readonly double Floor = Math.Log(5);

    /// <summary>Provisional order rows are numbered from here: after every silver row id, in journal order.</summary>
    private const long FirstOrderRow = 1L << 62;

    private readonly DuckDbConnection _memory = DuckDbConnection.OpenInMemory();
    private readonly DateTime _opening;
    private readonly HashSet<string> _journaled = new(StringComparer.Ordinal);
    private readonly Queue<(long Sequence, string OrderId)> _journaledOrder = new();
    private readonly Dictionary<string, PriceRange> _journaledPrices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Provisional> _pending = new(StringComparer.Ordinal);
    private readonly Queue<Provisional> _bySequence = new();
    private readonly Dictionary<string, List<Provisional>> _byCustomer = new(StringComparer.Ordinal);
    private readonly RowBatch _rows = new();
    private long _nextOrderRow = FirstOrderRow;
    private ProductVersionRows? _versions;

    /// <summary>The position of each product id in <see cref="_versions"/>.</summary>
    private Dictionary<string, int> _versionIndex = new(StringComparer.Ordinal);

    /// <summary>A fast path for a shop opened on <paramref name="opening"/> (the silver rules' pre-opening bound).</summary>
    public LiveFastPath(DateOnly opening)
    {
        _opening = opening.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

        // A round's query is small (its orders' lines): one thread plans and runs it without waking a pool of them.
        _memory.Execute("SET threads = 1;");
    }

    /// <summary>The in-memory tables a round fills: made anew each round, so a round scans its own rows only (deleted
    /// rows of earlier rounds would stay in the table's row groups).</summary>
    private const string Tables = """
        CREATE OR REPLACE TABLE fast_lines (customer_id VARCHAR, order_row BIGINT, ordered_us BIGINT, payment_method VARCHAR,
                                            line_number INTEGER, product_id VARCHAR, quantity DOUBLE, unit_price DOUBLE, discount DOUBLE);
        CREATE OR REPLACE TABLE fast_products (product_id VARCHAR, product_row BIGINT, margin DOUBLE);
        """;

    // The expressions of the events' staging view (line_amount, coalesced discount) and of customer_rows.sql.
    private static readonly string Sql = $"""
        SELECT l.customer_id,
               l.order_row,
               l.ordered_us,
               TRUE AS is_purchase,
               CAST(NULL AS INTEGER) AS installments,
               CAST(NULL AS INTEGER) AS delivery_days,
               CAST(NULL AS INTEGER) AS delivery_delay_days,
               {PaymentClassSql.Codes("l.payment_method")} AS payment_class,
               CAST(l.line_amount AS DECIMAL(18, 6)) AS line_amount,
               CAST(l.quantity AS DECIMAL(18, 6)) AS quantity,
               CAST(l.discount AS DECIMAL(18, 6)) AS discount,
               CAST(l.line_amount * p.margin AS DECIMAL(18, 6)) AS margin_amount,
               p.product_row
        FROM (SELECT *, quantity * unit_price - discount AS line_amount FROM fast_lines) l
        LEFT JOIN fast_products p ON p.product_id = l.product_id
        ORDER BY l.customer_id, l.order_row, l.line_number
        """;

    /// <summary>Provisional orders not yet settled.</summary>
    public int Pending => _pending.Count;

    /// <summary>Orders applied fast so far.</summary>
    public long Applied { get; private set; }

    /// <summary>Orders left to the warehouse so far (not certain, or no rows in memory fitted).</summary>
    public long Waited { get; private set; }

    /// <summary>Provisional orders withdrawn by a later request under their id.</summary>
    public long Withdrawn { get; private set; }

    /// <summary>Takes journaled requests in sequence order: remembers their order ids and prices, withdraws provisional
    /// orders they contradict, and, with a <paramref name="store"/> (null when no rows in memory fit: the requests are then
    /// only remembered), applies their certain orders as provisional orders. Returns the customers whose rows changed.
    /// <paramref name="progress"/> hears each step as it starts (checks, rows by DuckDB, provisional rows).</summary>
    public IReadOnlyCollection<string> Apply(LiveRowStore? store, IReadOnlyList<(long Sequence, EventBatch Batch)> batches, DateTime now, IProgress<string>? progress = null)
    {
        progress?.Report("checks");
        ArgumentNullException.ThrowIfNull(batches);
        var touched = new SortedSet<string>(StringComparer.Ordinal);
        var candidates = new Dictionary<string, (long Sequence, OrderEvent Order)>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (sequence, batch) in batches)
        {
            foreach (var o in batch.Orders)
            {
                foreach (var line in o.Lines)
                {
                    if (line.ProductId is { } product && line.UnitPrice > 0 && line.Quantity != 0 && double.IsFinite(line.UnitPrice))
                    {
                        _journaledPrices[product] = _journaledPrices.TryGetValue(product, out var range) ? range.With(line.UnitPrice) : new PriceRange(line.UnitPrice, line.UnitPrice, 1);
                    }
                }
            }

            var whole = store is not null && batch.Customers.Count == 0 && batch.Sessions.Count == 0;
            foreach (var o in batch.Orders)
            {
                if (!_journaled.Add(o.OrderId))
                {
                    // A copy, or another order under an id given before: the warehouse decides which one counts.
                    if (_pending.TryGetValue(o.OrderId, out var provisional) && !Same(provisional.Order, o))
                    {
                        Remove(provisional);
                        touched.Add(provisional.CustomerId);
                        Withdrawn++;
                    }

                    if (candidates.TryGetValue(o.OrderId, out var candidate) && !Same(candidate.Order, o))
                    {
                        candidates.Remove(o.OrderId);
                    }

                    Waited++;
                    continue;
                }

                _journaledOrder.Enqueue((sequence, o.OrderId));
                if (whole && Certain(o, store!, now))
                {
                    candidates[o.OrderId] = (sequence, o);
                    order.Add(o.OrderId);
                }
                else
                {
                    Waited++;
                }
            }
        }

        if (candidates.Count > 0)
        {
            Convert(store!, candidates, order, touched, progress);
        }

        return touched;
    }

    /// <summary>Drops the provisional orders of journal sequences up to <paramref name="sequence"/> (the rows in memory now
    /// hold what the warehouse made of them); returns their customers.</summary>
    public IReadOnlyCollection<string> Settle(long sequence)
    {
        var settled = new SortedSet<string>(StringComparer.Ordinal);
        while (_bySequence.Count > 0 && _bySequence.Peek().Sequence <= sequence)
        {
            var provisional = _bySequence.Dequeue();
            if (_pending.TryGetValue(provisional.OrderId, out var held) && ReferenceEquals(held, provisional))
            {
                Remove(provisional);
                settled.Add(provisional.CustomerId);
            }
        }

        if (_pending.Count == 0)
        {
            _rows.Clear();
        }

        return settled;
    }

    /// <summary>Forgets the order ids journaled up to the sequence a newly read <paramref name="store"/>'s facts hold
    /// (they are among its ids now).</summary>
    public void Took(LiveRowStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        while (_journaledOrder.Count > 0 && _journaledOrder.Peek().Sequence <= store.Facts.JournalSequence)
        {
            _journaled.Remove(_journaledOrder.Dequeue().OrderId);
        }
    }

    /// <summary>Runs a round's statements once on empty tables, so the first orders do not pay for DuckDB's first
    /// plans.</summary>
    public void WarmUp()
    {
        _memory.Execute(Tables);
        using var reader = _memory.QueryStreaming(Sql);
        while (reader.NextChunk())
        {
        }
    }

    /// <summary>Whether <paramref name="orderId"/> is a provisional order now.</summary>
    public bool IsProvisional(string orderId) => _pending.ContainsKey(orderId);

    /// <summary>The provisional orders of <paramref name="customerId"/>, or null.</summary>
    internal List<Provisional>? RowsOf(string customerId) => _byCustomer.TryGetValue(customerId, out var list) ? list : null;

    /// <summary>Adds the rows of <paramref name="orders"/> to the customer <paramref name="work"/> started last.</summary>
    internal void CopyRows(List<Provisional> orders, RowBatch work)
    {
        foreach (var provisional in orders)
        {
            for (var i = provisional.Start; i < provisional.Start + provisional.Count; i++)
            {
                work.CopyRow(_rows, i);
            }
        }
    }

    public void Dispose() => _memory.Dispose();

    private bool Certain(OrderEvent o, LiveRowStore store, DateTime now)
    {
        if (!Plain(o.OrderId) || !Plain(o.CustomerId) || (o.PaymentMethod is { } payment && !Plain(payment)))
        {
            return false;
        }

        var at = Utc(o.OrderedAt);
        if (at > now.AddSeconds(-1) || at < _opening || DateOnly.FromDateTime(at) >= store.Cutoff)
        {
            return false;
        }

        var facts = store.Facts;
        if (facts.MayHoldOrder(o.OrderId) || store.IsReviewed(o.OrderId) || !facts.IsKnownCustomer(o.CustomerId) || o.Lines.Count == 0)
        {
            return false;
        }

        foreach (var line in o.Lines)
        {
            if (line.ProductId is not { } product || !Plain(product) || !facts.IsKnownProduct(product))
            {
                return false;
            }

            var q = line.Quantity;
            var p = line.UnitPrice;
            var d = line.Discount ?? 0;
            var amount = q * p - d;
            if (!(q > 0 && q < 1e12 && p > 0 && p < 1e12 && Math.Abs(d) < 1e12 && Math.Abs(amount) < 1e12))
            {
                return false;
            }

            var range = _journaledPrices[product];
            if (facts.StoredPrices(product) is { } stored)
            {
                range = range.With(stored);
            }

            if (range.Count >= 3)
            {
                var lp = Math.Log(p);
                // A margin for the last bits of ln and of the quantiles' interpolation.
                if (lp - Math.Log(range.Min) > Floor - 1e-9 || Math.Log(range.Max) - lp > Floor - 1e-9)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The candidates' rows, converted by DuckDB as the staging view and customer_rows.sql convert them, added
    /// as provisional orders.</summary>
    private void Convert(LiveRowStore store, Dictionary<string, (long Sequence, OrderEvent Order)> candidates, List<string> order, SortedSet<string> touched, IProgress<string>? progress)
    {
        progress?.Report("rows by DuckDB");
        var versions = store.Facts.Versions;
        if (!ReferenceEquals(_versions, versions))
        {
            var index = new Dictionary<string, int>(versions.Ids.Length, StringComparer.Ordinal);
            for (var i = 0; i < versions.Ids.Length; i++)
            {
                index[versions.Ids[i]] = i;
            }

            _versionIndex = index;
            _versions = versions;
        }

        _memory.Execute(Tables);

        // Only the products of the round's lines: the join then costs what the round's lines cost, not the catalogue.
        var products = new HashSet<string>(StringComparer.Ordinal);
        using (var appender = _memory.CreateAppender("main", "fast_products"))
        {
            foreach (var (_, candidate) in candidates)
            {
                foreach (var line in candidate.Order.Lines)
                {
                    if (line.ProductId is not { } product || !products.Add(product) || !_versionIndex.TryGetValue(product, out var i))
                    {
                        continue;
                    }

                    appender.Append(versions.Ids[i]).Append(versions.Rows[i]);
                    if (versions.Margins[i] is { } margin)
                    {
                        appender.Append(margin);
                    }
                    else
                    {
                        appender.AppendNull();
                    }

                    appender.EndRow();
                }
            }
        }

        var byRow = new Dictionary<long, (long Sequence, OrderEvent Order)>();
        using (var appender = _memory.CreateAppender("main", "fast_lines"))
        {
            foreach (var id in order)
            {
                if (!candidates.TryGetValue(id, out var candidate))
                {
                    continue;
                }

                var row = _nextOrderRow++;
                byRow[row] = candidate;
                var o = candidate.Order;
                var micros = (Utc(o.OrderedAt).Ticks - DateTime.UnixEpoch.Ticks) / 10;
                for (var k = 0; k < o.Lines.Count; k++)
                {
                    var line = o.Lines[k];
                    appender.Append(o.CustomerId).Append(row).Append(micros);
                    if (o.PaymentMethod is { } payment)
                    {
                        appender.Append(payment);
                    }
                    else
                    {
                        appender.AppendNull();
                    }

                    appender.Append(k + 1).Append(line.ProductId).Append(line.Quantity).Append(line.UnitPrice).Append(line.Discount ?? 0).EndRow();
                }
            }
        }

        var batch = new RowBatch();
        using (var reader = _memory.QueryStreaming(Sql))
        {
            CustomerKernel.Read(reader, batch, store.Products, batch.StartCustomer);
        }

        progress?.Report("provisional rows");
        for (var c = 0; c < batch.Customers; c++)
        {
            var i = batch.CustomerStart[c];
            while (i < batch.CustomerStart[c + 1])
            {
                var row = batch.OrderRow[i];
                var end = i;
                while (end < batch.CustomerStart[c + 1] && batch.OrderRow[end] == row)
                {
                    end++;
                }

                var (sequence, o) = byRow[row];
                _rows.StartCustomer(batch.Id(c));
                var provisional = new Provisional(o, sequence, _rows.Count, end - i);
                for (var k = i; k < end; k++)
                {
                    _rows.CopyRow(batch, k);
                }

                _pending[o.OrderId] = provisional;
                _bySequence.Enqueue(provisional);
                if (!_byCustomer.TryGetValue(o.CustomerId, out var list))
                {
                    list = [];
                    _byCustomer[o.CustomerId] = list;
                }

                list.Add(provisional);
                touched.Add(o.CustomerId);
                Applied++;
                i = end;
            }
        }
    }

    private void Remove(Provisional provisional)
    {
        _pending.Remove(provisional.OrderId);
        if (_byCustomer.TryGetValue(provisional.CustomerId, out var list))
        {
            list.Remove(provisional);
            if (list.Count == 0)
            {
                _byCustomer.Remove(provisional.CustomerId);
            }
        }
    }

    /// <summary>Whether two orders under one id are copies (the warehouse then keeps the first).</summary>
    private static bool Same(OrderEvent a, OrderEvent b)
    {
        if (!string.Equals(a.CustomerId, b.CustomerId, StringComparison.Ordinal) || Utc(a.OrderedAt).Ticks / 10 != Utc(b.OrderedAt).Ticks / 10
            || !string.Equals(a.PaymentMethod, b.PaymentMethod, StringComparison.Ordinal) || a.Lines.Count != b.Lines.Count)
        {
            return false;
        }

        for (var k = 0; k < a.Lines.Count; k++)
        {
            var x = a.Lines[k];
            var y = b.Lines[k];
            if (!string.Equals(x.ProductId, y.ProductId, StringComparison.Ordinal) || !x.Quantity.Equals(y.Quantity)
                || !x.UnitPrice.Equals(y.UnitPrice) || !Nullable.Equals(x.Discount, y.Discount))
            {
                return false;
            }
        }

        return true;
    }

    private static DateTime Utc(DateTime value) => value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value;

    /// <summary>An id the batch's CSV files carry and give back unchanged.</summary>
    private static bool Plain(string value)
    {
        if (value.Length is 0 or > 256)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '@' or '/' or '#'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A provisional order: its rows in the fast path's row batch, from <see cref="Start"/>.</summary>
    internal sealed class Provisional(OrderEvent order, long sequence, int start, int count)
    {
        public OrderEvent Order { get; } = order;

        public string OrderId => Order.OrderId;

        public string CustomerId => Order.CustomerId;

        public long Sequence { get; } = sequence;

        public int Start { get; } = start;

        public int Count { get; } = count;
    }
}
