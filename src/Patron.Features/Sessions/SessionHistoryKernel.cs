using Patron.DuckDb;

namespace Patron.Features.Sessions;

/// <summary>
/// The history of every known customer's session in one pass over the customers' timelines
/// (<c>Sql/session_timeline.sql</c>: sessions and purchases ordered by customer and instant): for each session of the
/// window, the customer's sessions and purchases strictly before its start, written as one row of the history table
/// (<see cref="TableColumns"/>) that <c>Sql/session_features.sql</c> joins back to the session by its rowid.
/// </summary>
/// <remarks>
/// Rows sharing a customer and instant form one group: each session of the group gets the totals of the earlier groups,
/// and the group's own rows count only from the next instant on, so sessions at one instant do not count in each other's
/// history and a purchase at a session's very start does not count either. The totals are exact integers: counts,
/// page views, and durations and amounts as the unscaled integers of their decimals (micro-units), so the SQL that turns
/// them back into DECIMAL(38, 6) computes the same means and spend, bit for bit, as sums over the decimals would. The
/// running totals live in two small structs; the rows are read from DuckDB's vectors and written into the appender's,
/// with no object per row.
/// </remarks>
internal static class SessionHistoryKernel
{
    /// <summary>The history table's columns, in the order the kernel writes them.</summary>
    internal const string TableColumns = """
        seq BIGINT NOT NULL,
        sessions INTEGER NOT NULL,
        purchases INTEGER NOT NULL,
        duration_sum HUGEINT,
        duration_count INTEGER NOT NULL,
        views_sum BIGINT,
        views_count INTEGER NOT NULL,
        previous_at BIGINT,
        orders INTEGER NOT NULL,
        spend HUGEINT NOT NULL,
        ordered_at BIGINT
        """;

    /// <summary>The timeline's <c>kind</c>: a session before the window, counted in later histories only.</summary>
    internal const int EarlierSession = 0;

    /// <summary>The timeline's <c>kind</c>: a session of the window, which gets a history row.</summary>
    internal const int WindowSession = 1;

    /// <summary>The timeline's <c>kind</c>: a purchase.</summary>
    internal const int Purchase = 2;

    private const long None = long.MinValue;

    // Timeline columns, in the order of Sql/session_timeline.sql.
    private const int CustomerColumn = 0;
    private const int MomentColumn = 1;
    private const int KindColumn = 2;
    private const int SeqColumn = 3;
    private const int DurationColumn = 4;
    private const int ViewsColumn = 5;
    private const int PurchasedColumn = 6;
    private const int AmountColumn = 7;

    // History columns, in the order of TableColumns.
    private const int SeqOut = 0;
    private const int SessionsOut = 1;
    private const int PurchasesOut = 2;
    private const int DurationSumOut = 3;
    private const int DurationCountOut = 4;
    private const int ViewsSumOut = 5;
    private const int ViewsCountOut = 6;
    private const int PreviousAtOut = 7;
    private const int OrdersOut = 8;
    private const int SpendOut = 9;
    private const int OrderedAtOut = 10;

    /// <summary>Reads the whole timeline and appends one history row per session of the window; returns the rows
    /// written.</summary>
    /// <param name="timeline">The rows of <c>Sql/session_timeline.sql</c>, in its column order and sort order.</param>
    /// <param name="history">An appender on a table of <see cref="TableColumns"/>, on another connection than the
    /// timeline's (an append on the reading connection would end its stream).</param>
    public static long Run(DuckDbReader timeline, DuckDbChunkAppender history)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        ArgumentNullException.ThrowIfNull(history);
        CheckTimeline(timeline);
        var earlier = default(Totals);
        var group = default(Totals);
        var lastMoment = None;
        var customer = new byte[64];
        var customerLength = -1;
        var filled = 0;
        long written = 0;
        while (timeline.NextChunk())
        {
            var count = timeline.RowCount;
            var customers = timeline.Vector(CustomerColumn);
            var moments = timeline.Vector(MomentColumn).Int64s();
            var kindVector = timeline.Vector(KindColumn);
            var kinds = kindVector.Int32s();
            var seqVector = timeline.Vector(SeqColumn);
            var seqs = seqVector.Int64s();
            var durationVector = timeline.Vector(DurationColumn);
            var durations = durationVector.Int64s();
            var viewVector = timeline.Vector(ViewsColumn);
            var views = viewVector.Int32s();
            var purchasedVector = timeline.Vector(PurchasedColumn);
            var purchased = purchasedVector.Booleans();
            var amountVector = timeline.Vector(AmountColumn);
            var amounts = amountVector.Int128s();
            for (var row = 0; row < count; row++)
            {
                if (customers.IsNull(row) || kindVector.IsNull(row))
                {
                    throw new InvalidOperationException("The session timeline holds a row without a customer or kind.");
                }

                var sameCustomer = row > 0
                    ? customers.SameText(row, row - 1)
                    : customerLength >= 0 && customers.Utf8(0).SequenceEqual(customer.AsSpan(0, customerLength));
                var moment = moments[row];
                if (!sameCustomer)
                {
                    earlier = default;
                    earlier.PreviousAt = None;
                    earlier.OrderedAt = None;
                    group = earlier;
                }
                else if (moment != lastMoment)
                {
                    if (moment < lastMoment)
                    {
                        throw new InvalidOperationException("The session timeline is not in time order within a customer.");
                    }

                    earlier.Add(group);
                    group = default;
                    group.PreviousAt = None;
                    group.OrderedAt = None;
                }

                lastMoment = moment;
                var kind = kinds[row];
                if (kind == Purchase)
                {
                    group.Orders++;
                    group.Spend = checked(group.Spend + (amountVector.IsNull(row) ? Int128.Zero : amounts[row]));
                    group.OrderedAt = moment;
                    continue;
                }

                if (kind == WindowSession)
                {
                    if (seqVector.IsNull(row))
                    {
                        throw new InvalidOperationException("A session of the session timeline has no rowid.");
                    }

                    Write(history, filled, seqs[row], earlier);
                    if (++filled == history.ChunkCapacity)
                    {
                        history.AppendChunk(filled);
                        written += filled;
                        filled = 0;
                    }
                }
                else if (kind != EarlierSession)
                {
                    throw new InvalidOperationException($"The session timeline holds an unknown kind {kind}.");
                }

                group.Sessions++;
                if (!purchasedVector.IsNull(row) && purchased[row] != 0)
                {
                    group.Purchases++;
                }

                if (!durationVector.IsNull(row))
                {
                    group.DurationSum = checked(group.DurationSum + durations[row]);
                    group.DurationCount++;
                }

                if (!viewVector.IsNull(row))
                {
                    group.ViewsSum = checked(group.ViewsSum + views[row]);
                    group.ViewsCount++;
                }

                group.PreviousAt = moment;
            }

            if (count > 0)
            {
                var last = customers.Utf8(count - 1);
                if (customer.Length < last.Length)
                {
                    customer = new byte[Math.Max(last.Length, customer.Length * 2)];
                }

                last.CopyTo(customer);
                customerLength = last.Length;
            }
        }

        history.AppendChunk(filled);
        return written + filled;
    }

    private static void Write(DuckDbChunkAppender history, int row, long seq, in Totals totals)
    {
        history.Int64s(SeqOut)[row] = seq;
        history.Int32s(SessionsOut)[row] = checked((int)totals.Sessions);
        history.Int32s(PurchasesOut)[row] = checked((int)totals.Purchases);
        history.Int128s(DurationSumOut)[row] = totals.DurationSum;
        if (totals.DurationCount == 0)
        {
            history.SetNull(DurationSumOut, row);
        }

        history.Int32s(DurationCountOut)[row] = checked((int)totals.DurationCount);
        history.Int64s(ViewsSumOut)[row] = totals.ViewsSum;
        if (totals.ViewsCount == 0)
        {
            history.SetNull(ViewsSumOut, row);
        }

        history.Int32s(ViewsCountOut)[row] = checked((int)totals.ViewsCount);
        history.Int64s(PreviousAtOut)[row] = totals.PreviousAt;
        if (totals.PreviousAt == None)
        {
            history.SetNull(PreviousAtOut, row);
        }

        history.Int32s(OrdersOut)[row] = checked((int)totals.Orders);
        history.Int128s(SpendOut)[row] = totals.Spend;
        history.Int64s(OrderedAtOut)[row] = totals.OrderedAt;
        if (totals.OrderedAt == None)
        {
            history.SetNull(OrderedAtOut, row);
        }
    }

    private static void CheckTimeline(DuckDbReader timeline)
    {
        ReadOnlySpan<DuckDbType> expected =
        [
            DuckDbType.Varchar, DuckDbType.Timestamp, DuckDbType.Integer, DuckDbType.BigInt, DuckDbType.Decimal,
            DuckDbType.Integer, DuckDbType.Boolean, DuckDbType.Decimal,
        ];
        if (timeline.ColumnCount != expected.Length)
        {
            throw new InvalidOperationException($"The session timeline has {timeline.ColumnCount} columns, not {expected.Length}.");
        }

        for (var i = 0; i < expected.Length; i++)
        {
            if (timeline.GetColumnType(i) != expected[i])
            {
                throw new InvalidOperationException(
                    $"The session timeline's column {timeline.ColumnNames[i]} is {timeline.GetColumnType(i)}, not {expected[i]}.");
            }
        }
    }

    /// <summary>Running totals of a customer's timeline: of the instants before the current one, or of the current
    /// instant's rows.</summary>
    private struct Totals
    {
        public long Sessions;
        public long Purchases;
        public Int128 DurationSum;
        public long DurationCount;
        public long ViewsSum;
        public long ViewsCount;
        public long PreviousAt;
        public long Orders;
        public Int128 Spend;
        public long OrderedAt;

        /// <summary>Adds a later group: counts and sums add up, the latest instants are the later group's when it has
        /// them.</summary>
        public void Add(in Totals later)
        {
            Sessions += later.Sessions;
            Purchases += later.Purchases;
            DurationSum = checked(DurationSum + later.DurationSum);
            DurationCount += later.DurationCount;
            ViewsSum = checked(ViewsSum + later.ViewsSum);
            ViewsCount += later.ViewsCount;
            Orders += later.Orders;
            Spend = checked(Spend + later.Spend);
            if (later.PreviousAt != None)
            {
                PreviousAt = later.PreviousAt;
            }

            if (later.OrderedAt != None)
            {
                OrderedAt = later.OrderedAt;
            }
        }
    }
}
