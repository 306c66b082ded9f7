using Patron.DuckDb;
using Patron.Features.Registry;

namespace Patron.Features.Build.Kernel;

/// <summary>
/// Computes every per-customer feature group (behaviour, affinity, time, experience, sessions, attributes,
/// interactions) in one pass over the shop's rows before the cutoff, which DuckDB streams sorted by customer
/// (<c>Sql/customer_rows.sql</c>), beside one row per customer of attributes, reviews and sessions
/// (<c>customer_side.sql</c>, merged by id). Each finished row goes to a <see cref="FeatureBlock"/>, full blocks to the
/// <see cref="FeatureSpill"/>; the population-wide groups' inputs (RFM values, the basket) go to the
/// <see cref="Population"/>, to be scored once every customer is in.
/// </summary>
/// <remarks>
/// Each customer's rows are put in time order (ties by order row), so every value depends only on the customer's own
/// rows, never on the order DuckDB delivered them in. Money and units are added as exact integers (millionths) and turned
/// into doubles once, at the end; sums of shares run over categories and brands in the fixed order of their names. The
/// formulas are the registry's (<see cref="FeatureRegistry"/>); the hand-computed tests pin each of them. Memory stays
/// bounded: a batch of about <see cref="BatchRows"/> rows, one block, and a few bytes per customer in the population.
/// </remarks>
internal sealed partial class CustomerKernel
{
    /// <summary>Rows gathered before a batch of whole customers is computed.</summary>
    public const int BatchRows = 1 << 16;

    private const long MicrosPerDay = 86_400_000_000;
    private const long MicrosPerHour = 3_600_000_000;
    private const double Million = 1_000_000.0;

    private static readonly Columns C = new();

    private readonly ProductTable _products;
    private readonly ISideSource _side;
    private readonly IFeatureSink _spill;
    private readonly int _cutoffDay;
    private readonly long[] _quarterStarts = new long[5];
    private readonly bool _reviews;
    private readonly bool _sessions;
    private readonly RowBatch _batch = new();
    private readonly FeatureBlock _block = new();
    private readonly IProgress<string>? _progress;

    // Scratch reused from customer to customer.
    private readonly List<(int Key, long Spend)> _categorySpend = [];
    private readonly List<(int Key, long Spend)> _brandSpend = [];
    private readonly List<(int Day, long Spend)> _dailySpend = [];
    private int[] _order = new int[256];
    private int[] _bought = new int[64];
    private RowBatch _rows = null!;
    private SideValues _customerSide;

    public CustomerKernel(ProductTable products, ISideSource side, IFeatureSink spill, DateOnly cutoff, bool reviews, bool sessions,
        IProgress<string>? progress = null)
    {
        _products = products;
        _side = side;
        _spill = spill;
        _reviews = reviews;
        _sessions = sessions;
        _progress = progress;
        var epoch = DateOnly.FromDateTime(DateTime.UnixEpoch);
        _cutoffDay = cutoff.DayNumber - epoch.DayNumber;
        for (var q = 0; q <= 4; q++)
        {
            // Calendar months back from the cutoff, the day clamped to the month's end as DuckDB's interval arithmetic does.
            _quarterStarts[q] = (cutoff.AddMonths(-3 * q).DayNumber - epoch.DayNumber) * MicrosPerDay;
        }
    }

    /// <summary>The customers with a purchase before the cutoff, in customer_id order.</summary>
    public Population Population { get; } = new();

    /// <summary>Rows read from the stream.</summary>
    public long RowsRead { get; private set; }

    /// <summary>Reads the whole stream of <c>customer_rows.sql</c> and computes every customer's features.</summary>
    public void Run(DuckDbReader reader)
    {
        long nextReport = 5_000_000;
        Read(reader, _batch, _products, StartCustomer, n =>
        {
            RowsRead += n;
            if (RowsRead >= nextReport)
            {
                _progress?.Report($"features: {RowsRead:N0} rows read, {Population.Count:N0} customers done");
                nextReport += 5_000_000;
            }
        });
        Finish(_batch);
        _batch.Clear();
    }

    /// <summary>Computes every customer of <paramref name="batch"/> (whole customers, ids strictly increasing, rows as
    /// <see cref="Read"/> leaves them): the rows a caller kept, e.g. a live server's rows in memory.</summary>
    public void Run(RowBatch batch)
    {
        for (var c = 1; c < batch.Customers; c++)
        {
            if (batch.Id(c).SequenceCompareTo(batch.Id(c - 1)) <= 0)
            {
                throw new InvalidOperationException("The kernel needs its customers' ids strictly increasing.");
            }
        }

        RowsRead += batch.Count;
        Finish(batch);
    }

    /// <summary>Turns the rows of <c>customer_rows.sql</c> into <paramref name="batch"/>'s columns: the one place that reads
    /// them, for a batch build and for a live server's rows in memory alike. <paramref name="startCustomer"/> is called
    /// for each customer's first row (a customer whose rows continue from the previous chunk is not started again);
    /// <paramref name="chunkRead"/> hears the rows of each chunk.</summary>
    internal static void Read(DuckDbReader reader, RowBatch batch, ProductTable products, StartCustomerAction startCustomer, Action<int>? chunkRead = null)
    {
        while (reader.NextChunk())
        {
            var n = reader.RowCount;
            var ids = reader.Vector(0);
            var orderRow = reader.Vector(1).Int64s();
            var ordered = reader.Vector(2).Int64s();
            var purchase = reader.Vector(3).Booleans();
            var installments = reader.Vector(4);
            var delivery = reader.Vector(5);
            var delay = reader.Vector(6);
            var payment = reader.Vector(7).Int32s();
            var amount = reader.Vector(8);
            var quantity = reader.Vector(9).Int64s();
            var discount = reader.Vector(10);
            var margin = reader.Vector(11);
            var product = reader.Vector(12);
            var installmentValues = installments.Int32s();
            var deliveryValues = delivery.Int32s();
            var delayValues = delay.Int32s();
            var amountValues = amount.Int64s();
            var discountValues = discount.Int64s();
            var marginValues = margin.Int64s();
            var productValues = product.Int64s();
            for (var r = 0; r < n; r++)
            {
                if (r == 0 ? !ids.Utf8(0).SequenceEqual(batch.LastId) || batch.Customers == 0 : !ids.SameText(r, r - 1))
                {
                    startCustomer(ids.Utf8(r));
                }

                var i = batch.AddRow();
                batch.OrderRow[i] = orderRow[r];
                batch.OrderedMicros[i] = ordered[r];
                byte flags = purchase[r] != 0 ? RowBatch.Purchase : (byte)0;
                if (!installments.IsNull(r))
                {
                    flags |= RowBatch.HasInstallments;
                    batch.Installments[i] = installmentValues[r];
                }

                if (!delivery.IsNull(r))
                {
                    flags |= RowBatch.HasDelivery;
                    batch.DeliveryDays[i] = deliveryValues[r];
                }

                if (!delay.IsNull(r))
                {
                    flags |= RowBatch.HasDelay;
                    batch.DelayDays[i] = delayValues[r];
                }

                batch.PaymentClass[i] = (byte)payment[r];
                // A return document's lines count only when they give money back.
                if (!amount.IsNull(r) && ((flags & RowBatch.Purchase) != 0 || amountValues[r] < 0))
                {
                    flags |= RowBatch.HasLine;
                    batch.Amount[i] = amountValues[r];
                    batch.Quantity[i] = quantity[r];
                    batch.Discount[i] = discount.IsNull(r) ? 0 : discountValues[r];
                    if (!margin.IsNull(r))
                    {
                        flags |= RowBatch.HasMargin;
                        batch.Margin[i] = marginValues[r];
                    }

                    batch.Product[i] = product.IsNull(r) ? -1 : products.IndexOf(productValues[r]);
                }
                else
                {
                    batch.Amount[i] = 0;
                    batch.Quantity[i] = 0;
                    batch.Discount[i] = 0;
                    batch.Product[i] = -1;
                }

                batch.Flags[i] = flags;
            }

            chunkRead?.Invoke(n);
        }
    }

    private void Finish(RowBatch batch)
    {
        Compute(batch);
        if (_block.Rows > 0)
        {
            _spill.Write(_block);
            _block.Clear();
        }

        _spill.Seal();
    }

    /// <summary>Starts a customer in the batch, first computing the batch when it is big enough (it then holds only whole
    /// customers). Ids must strictly increase: the merge with the side stream depends on it.</summary>
    private void StartCustomer(ReadOnlySpan<byte> id)
    {
        var batch = _batch;
        if (batch.Customers > 0 && id.SequenceCompareTo(batch.LastId) <= 0)
        {
            throw new InvalidOperationException("customer_rows.sql returned customer ids out of order; the kernel needs them sorted.");
        }

        if (batch.Count >= BatchRows)
        {
            Compute(batch);
            batch.Clear();
        }

        batch.StartCustomer(id);
    }

    /// <summary>Computes every customer of the batch with a purchase, in order.</summary>
    private void Compute(RowBatch batch)
    {
        _rows = batch;
        var micros = batch.OrderedMicros;
        var orderRows = batch.OrderRow;
        for (var c = 0; c < batch.Customers; c++)
        {
            var from = batch.CustomerStart[c];
            var count = batch.CustomerStart[c + 1] - from;
            var purchases = false;
            for (var i = from; i < from + count && !purchases; i++)
            {
                purchases = (batch.Flags[i] & RowBatch.Purchase) != 0;
            }

            if (!purchases)
            {
                continue;
            }

            if (_order.Length < count)
            {
                _order = new int[Math.Max(count, _order.Length * 2)];
            }

            var lines = _order.AsSpan(0, count);
            for (var i = 0; i < count; i++)
            {
                lines[i] = from + i;
            }

            // Time order, ties by order row, so lines of one order stay together.
            SortByTime(lines, micros, orderRows);

            var id = batch.Id(c);
            _customerSide = _side.Seek(id);
            var row = _block.StartRow(id);
            Customer(row, id, lines);
            if (_block.Full)
            {
                _spill.Write(_block);
                _block.Clear();
            }
        }
    }

    /// <summary>Computes one customer's features, group by group as the registry is split; each group's formulas live in
    /// its own file (<c>CustomerKernel.Behaviour.cs</c>, <c>.Affinity.cs</c>, <c>.Time.cs</c> ...).</summary>
    private void Customer(int row, ReadOnlySpan<byte> id, ReadOnlySpan<int> lines)
    {
        ref readonly var side = ref _customerSide;
        _categorySpend.Clear();
        _brandSpend.Clear();
        _dailySpend.Clear();
        AddOrders(lines, out var t);
        Behaviour(row, t, side);
        Affinity(row, id, t);
        Time(row, t);
        Experience(row, t, side);
        Sessions(row, side);
        Attributes(row, t, side);
        Interactions(row, t);
    }

    /// <summary>Sorts row indices by time, then order row. Most customers have a handful of rows, which insertion sort
    /// orders fastest; a customer with many (a business account) takes the general sort instead of a quadratic one.</summary>
    internal static void SortByTime(Span<int> lines, long[] micros, long[] orderRows)
    {
        if (lines.Length > 32)
        {
            lines.Sort((a, b) => micros[a] != micros[b] ? micros[a].CompareTo(micros[b]) : orderRows[a].CompareTo(orderRows[b]));
            return;
        }

        for (var i = 1; i < lines.Length; i++)
        {
            var x = lines[i];
            var j = i - 1;
            while (j >= 0 && (micros[lines[j]] > micros[x] || (micros[lines[j]] == micros[x] && orderRows[lines[j]] > orderRows[x])))
            {
                lines[j + 1] = lines[j];
                j--;
            }

            lines[j + 1] = x;
        }
    }

    private static double Money(long micros) => micros / Million;

    private static long FloorDivide(long value, long divisor)
    {
        var quotient = Math.DivRem(value, divisor, out var remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }

    /// <summary>The registry position of the feature named <paramref name="name"/>, checked against the type the caller
    /// writes, so a renamed or retyped feature fails at once instead of writing into the wrong column.</summary>
    internal static int Index(string name, FeatureType type)
    {
        var features = FeatureRegistry.All;
        for (var i = 0; i < features.Count; i++)
        {
            if (string.Equals(features[i].Name, name, StringComparison.Ordinal))
            {
                return features[i].Type == type
                    ? i
                    : throw new InvalidOperationException($"The feature '{name}' is registered as {features[i].Type}, not {type}.");
            }
        }

        throw new InvalidOperationException($"The feature '{name}' is not in the registry.");
    }
}

/// <summary>Called with the id of a customer whose rows start.</summary>
internal delegate void StartCustomerAction(ReadOnlySpan<byte> id);
