using Patron.DuckDb;

namespace Patron.Warehouse.Silver;

/// <summary>
/// The point-in-time price rule (docs/quality.md, <c>price_outliers</c>) in one sorted pass: every priced line is judged
/// against the positive prices of its product's lines in orders placed strictly earlier, m = median and q1, q3 =
/// quartiles of ln(unit price) (DuckDB's <c>quantile_cont</c>: linear interpolation at (n − 1)·q); with at least 3 such
/// prices it is an outlier when |ln p − m| &gt; max(5 × 1.4826 × (q3 − q1) / 2, ln 5).
/// </summary>
/// <remarks>
/// The same figures as the SQL window <c>quantile_cont(lp, q) OVER (PARTITION BY product_id ORDER BY ordered_at RANGE
/// BETWEEN UNBOUNDED PRECEDING AND INTERVAL 1 MICROSECOND PRECEDING)</c>, to the last bit (PriceJudgementTests compares
/// them on random shops), but that window costs a quantile structure per quantile over every frame: 8 s of CPU of the
/// 1M-line ingest. Here DuckDB sorts the lines by product and time once; per product the values are ranked once, and a
/// Fenwick tree over the ranks holds the prices seen so far, so each group of lines with one order time reads its
/// quantiles in O(log n) and is then added. Only the flagged lines go back to DuckDB.
/// </remarks>
internal static class PriceJudgement
{
    /// <summary>What the placeholder <c>{judge_prices}</c> of resolve.sql and append_checks.sql renders to: where the
    /// judgement runs, between the statement that writes the priced lines and those that read the flags.</summary>
    public const string Marker = "-- the price judgement runs here (Silver/PriceJudgement.cs)";

    /// <summary>ln 5, the floor of the outlier distance.</summary>
    private static readonly double Floor = Math.Log(5);

    /// <summary>
    /// Reads the temp table <paramref name="priced"/> (columns <c>product_id</c>, <c>ordered_at</c>, <c>lp</c> = ln of a
    /// positive unit price, none NULL) and writes the temp table <paramref name="flags"/> (<c>rid</c> = the priced row's
    /// <c>rowid</c>, <c>usual_log_price</c> = m) with one row per outlier.
    /// </summary>
    public static void Judge(DuckDbConnection connection, string priced, string flags)
    {
        var outliers = new Outliers();
        var product = new ProductLines();
        var current = new byte[64];
        var currentLength = -1;
        using (var reader = connection.QueryStreaming(
            $"SELECT rowid AS rid, product_id, epoch_us(ordered_at) AS t, lp FROM {priced} ORDER BY product_id, ordered_at"))
        {
            while (reader.NextChunk())
            {
                var rids = reader.Vector(0).Int64s();
                var products = reader.Vector(1);
                var times = reader.Vector(2).Int64s();
                var prices = reader.Vector(3).Doubles();
                for (var r = 0; r < reader.RowCount; r++)
                {
                    var id = products.Utf8(r);
                    if (currentLength < 0 || !id.SequenceEqual(current.AsSpan(0, currentLength)))
                    {
                        product.JudgeInto(outliers);
                        product.Clear();
                        if (id.Length > current.Length)
                        {
                            current = new byte[id.Length * 2];
                        }

                        id.CopyTo(current);
                        currentLength = id.Length;
                    }

                    product.Add(rids[r], times[r], prices[r]);
                }
            }
        }

        product.JudgeInto(outliers);
        connection.Execute($"CREATE OR REPLACE TEMP TABLE {flags} (rid BIGINT, usual_log_price DOUBLE)");
        using var rows = connection.Scan(outliers);
        connection.Execute($"INSERT INTO {flags} SELECT rid, usual_log_price FROM {rows.Sql}");
    }

    /// <summary>The rule itself, written as the SQL wrote it so the floating-point operations are the same.</summary>
    internal static bool IsOutlier(double lp, double m, double q1, double q3)
        => Math.Abs(lp - m) > Math.Max(5 * 1.4826 * (q3 - q1) / 2, Floor);

    /// <summary>One product's lines in order-time order, judged when the product is complete.</summary>
    private sealed class ProductLines
    {
        private long[] _rids = new long[256];
        private long[] _times = new long[256];
        private double[] _prices = new double[256];
        private double[] _sorted = new double[256];
        private int[] _order = new int[256];
        private int[] _rank = new int[256];
        private int[] _tree = new int[257];
        private int _count;

        public void Add(long rid, long time, double price)
        {
            if (_count == _rids.Length)
            {
                Grow(_count * 2);
            }

            _rids[_count] = rid;
            _times[_count] = time;
            _prices[_count] = price;
            _count++;
        }

        public void Clear() => _count = 0;

        public void JudgeInto(Outliers outliers)
        {
            var n = _count;
            if (n <= 3)
            {
                return; // the first three sales are never judged
            }

            // Rank every price of the product once; the tree counts the ranks of the prices already seen.
            for (var i = 0; i < n; i++)
            {
                _order[i] = i;
                _sorted[i] = _prices[i];
            }

            Array.Sort(_sorted, _order, 0, n);
            for (var k = 0; k < n; k++)
            {
                _rank[_order[k]] = k;
            }

            Array.Clear(_tree, 0, n + 1);
            var top = 1;
            while (top * 2 <= n)
            {
                top *= 2;
            }

            var seen = 0;
            var start = 0;
            while (start < n)
            {
                var end = start + 1;
                while (end < n && _times[end] == _times[start])
                {
                    end++;
                }

                if (seen >= 3)
                {
                    var m = Quantile(seen, 0.5, top);
                    var q1 = Quantile(seen, 0.25, top);
                    var q3 = Quantile(seen, 0.75, top);
                    for (var i = start; i < end; i++)
                    {
                        if (IsOutlier(_prices[i], m, q1, q3))
                        {
                            outliers.Add(_rids[i], m);
                        }
                    }
                }

                for (var i = start; i < end; i++)
                {
                    for (var x = _rank[i] + 1; x <= n; x += x & -x)
                    {
                        _tree[x]++;
                    }
                }

                seen += end - start;
                start = end;
            }
        }

        private double Quantile(int seen, double q, int top)
        {
            var rn = (seen - 1) * q;
            var below = (int)Math.Floor(rn);
            var above = (int)Math.Ceiling(rn);
            var lo = Kth(below, top);
            if (above == below)
            {
                return lo;
            }

            var hi = Kth(above, top);
            return lo + ((hi - lo) * (rn - below));
        }

        /// <summary>The k-th smallest (from 0) price seen so far: the Fenwick tree's descent to the first rank whose
        /// prefix count exceeds k.</summary>
        private double Kth(int k, int top)
        {
            var position = 0;
            var remaining = k + 1;
            var n = _count;
            for (var step = top; step > 0; step >>= 1)
            {
                var next = position + step;
                if (next <= n && _tree[next] < remaining)
                {
                    position = next;
                    remaining -= _tree[next];
                }
            }

            return _sorted[position]; // the tree's index position + 1 holds rank position (from 0)
        }

        private void Grow(int size)
        {
            Array.Resize(ref _rids, size);
            Array.Resize(ref _times, size);
            Array.Resize(ref _prices, size);
            _sorted = new double[size];
            _order = new int[size];
            _rank = new int[size];
            _tree = new int[size + 1];
        }
    }

    /// <summary>The flagged lines, handed to DuckDB as a table.</summary>
    private sealed class Outliers() : DuckDbRowSource([new("rid", DuckDbType.BigInt), new("usual_log_price", DuckDbType.Double)])
    {
        private readonly List<long> _rids = [];
        private readonly List<double> _usual = [];

        private const int BatchRows = 2048; // DuckDB's vector size

        public override int Batches => (_rids.Count + BatchRows - 1) / BatchRows;

        public override long Rows => _rids.Count;

        public void Add(long rid, double usual)
        {
            _rids.Add(rid);
            _usual.Add(usual);
        }

        public override int Fill(int batch, DuckDbOutputChunk output)
        {
            if (output.Capacity < BatchRows)
            {
                throw new InvalidOperationException($"DuckDB's chunks hold {output.Capacity} rows; the batches need {BatchRows}.");
            }

            var from = batch * BatchRows;
            var rows = Math.Min(BatchRows, _rids.Count - from);
            var rids = output.Int64s(0);
            var usual = output.Doubles(1);
            for (var i = 0; i < rows; i++)
            {
                rids[i] = _rids[from + i];
                usual[i] = _usual[from + i];
            }

            return rows;
        }
    }
}
