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
internal sealed class CustomerKernel
{
    /// <summary>Rows gathered before a batch of whole customers is computed.</summary>
    public const int BatchRows = 1 << 16;

    private const long MicrosPerDay = 86_400_000_000;
    private const long MicrosPerHour = 3_600_000_000;
    private const double Million = 1_000_000.0;

    private static readonly Columns C = new();

    private readonly ProductTable _products;
    private readonly SideStream _side;
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

    public CustomerKernel(ProductTable products, SideStream side, IFeatureSink spill, DateOnly cutoff, bool reviews, bool sessions,
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
        var batch = _batch;
        long nextReport = 5_000_000;
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
                    StartCustomer(ids.Utf8(r));
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

                    batch.Product[i] = product.IsNull(r) ? -1 : _products.IndexOf(productValues[r]);
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

            RowsRead += n;
            if (RowsRead >= nextReport)
            {
                _progress?.Report($"features: {RowsRead:N0} rows read, {Population.Count:N0} customers done");
                nextReport += 5_000_000;
            }
        }

        Compute(batch);
        batch.Clear();
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

    private void Customer(int row, ReadOnlySpan<byte> id, ReadOnlySpan<int> lines)
    {
        var rows = _rows;
        var f = _block;
        ref readonly var side = ref _customerSide;
        _categorySpend.Clear();
        _brandSpend.Clear();
        _dailySpend.Clear();

        long purchases = 0, gross = 0, items = 0, discounted = 0, returnOrders = 0, returned = 0;
        long gapCount = 0, gapSum = 0, gapSquares = 0;
        int firstDay = 0, lastDay = 0;
        long knownPayment = 0;
        Span<long> payment = stackalloc long[6];
        long installmentCount = 0, installmentSum = 0, deliveryCount = 0, deliverySum = 0, delayCount = 0, delaySum = 0;
        Span<long> quarters = stackalloc long[4];
        long weekend = 0, night = 0, morning = 0, afternoon = 0, evening = 0;
        long orders7 = 0, orders30 = 0, orders90 = 0, orders365 = 0, ordersPrev90 = 0;
        long spend7 = 0, spend30 = 0, spend90 = 0, spend365 = 0, spendPrev90 = 0, slopeWeighted = 0;
        long marginSum = 0, marginBase = 0;
        var marginKnown = false;

        var i = 0;
        while (i < lines.Length)
        {
            var first = lines[i];
            var orderRow = rows.OrderRow[first];
            var purchase = (rows.Flags[first] & RowBatch.Purchase) != 0;
            long amount = 0, units = 0, discount = 0;
            for (; i < lines.Length && rows.OrderRow[lines[i]] == orderRow; i++)
            {
                var r = lines[i];
                if ((rows.Flags[r] & RowBatch.HasLine) == 0)
                {
                    continue;
                }

                var product = rows.Product[r];
                var nonProduct = product >= 0 && _products.NonProduct[product];
                amount += rows.Amount[r];
                discount += rows.Discount[r];
                if (!nonProduct)
                {
                    units += rows.Quantity[r];
                }

                if (purchase && !nonProduct && rows.Amount[r] > 0)
                {
                    if (product >= 0 && _products.Category[product] >= 0)
                    {
                        _categorySpend.Add((_products.Category[product], rows.Amount[r]));
                    }

                    if (product >= 0 && _products.Brand[product] >= 0)
                    {
                        _brandSpend.Add((_products.Brand[product], rows.Amount[r]));
                    }

                    if ((rows.Flags[r] & RowBatch.HasMargin) != 0)
                    {
                        marginKnown = true;
                        marginSum += rows.Margin[r];
                        marginBase += rows.Amount[r];
                    }
                }
            }

            var at = rows.OrderedMicros[first];
            var day = (int)FloorDivide(at, MicrosPerDay);
            var daysBefore = _cutoffDay - day;

            // Every order: purchases add their amount, return documents their (negative) one.
            for (var q = 0; q < 4; q++)
            {
                if (at >= _quarterStarts[q + 1])
                {
                    quarters[q] += amount;
                    break;
                }
            }

            spend7 += daysBefore <= 7 ? amount : 0;
            spend30 += daysBefore <= 30 ? amount : 0;
            spend90 += daysBefore <= 90 ? amount : 0;
            spend365 += daysBefore <= 365 ? amount : 0;
            spendPrev90 += daysBefore is >= 91 and <= 180 ? amount : 0;
            if (daysBefore <= 360)
            {
                // Twice the centred month weight 5.5 - m, kept whole: month m = (days before - 1) div 30 of 0..11.
                slopeWeighted += (11 - 2 * ((daysBefore - 1) / 30)) * amount;
            }

            if (!purchase)
            {
                returnOrders++;
                returned -= amount;
                continue;
            }

            if (purchases == 0)
            {
                firstDay = day;
            }
            else
            {
                long gap = day - lastDay;
                gapCount++;
                gapSum += gap;
                gapSquares += gap * gap;
            }

            lastDay = day;
            purchases++;
            gross += amount;
            items += units;
            discounted += discount > 0 ? 1 : 0;
            if (rows.PaymentClass[first] is var pay and > 0)
            {
                knownPayment++;
                payment[pay]++;
            }

            if ((rows.Flags[first] & RowBatch.HasInstallments) != 0)
            {
                installmentCount++;
                installmentSum += rows.Installments[first];
            }

            if ((rows.Flags[first] & RowBatch.HasDelivery) != 0)
            {
                deliveryCount++;
                deliverySum += rows.DeliveryDays[first];
            }

            if ((rows.Flags[first] & RowBatch.HasDelay) != 0)
            {
                delayCount++;
                delaySum += rows.DelayDays[first];
            }

            // Thursday 1970-01-01 is day 0; Saturday and Sunday are 2 and 3 days after a Thursday.
            var weekday = ((day % 7) + 7) % 7;
            weekend += weekday is 2 or 3 ? 1 : 0;
            var hour = (int)((at - ((long)day * MicrosPerDay)) / MicrosPerHour);
            night += hour < 6 ? 1 : 0;
            morning += hour is >= 6 and < 12 ? 1 : 0;
            afternoon += hour is >= 12 and < 18 ? 1 : 0;
            evening += hour >= 18 ? 1 : 0;
            orders7 += daysBefore <= 7 ? 1 : 0;
            orders30 += daysBefore <= 30 ? 1 : 0;
            orders90 += daysBefore <= 90 ? 1 : 0;
            orders365 += daysBefore <= 365 ? 1 : 0;
            ordersPrev90 += daysBefore is >= 91 and <= 180 ? 1 : 0;
            if (_dailySpend.Count > 0 && _dailySpend[^1].Day == day)
            {
                _dailySpend[^1] = (day, _dailySpend[^1].Spend + amount);
            }
            else
            {
                _dailySpend.Add((day, amount));
            }
        }

        // Behaviour.
        var net = gross - returned;
        var tenureStart = side.RegisteredDay is { } registered ? Math.Min(registered, firstDay) : firstDay;
        var tenure = (long)_cutoffDay - tenureStart;
        var aov = Money(gross) / purchases;
        f.Set(C.Orders, row, purchases);
        f.Set(C.GrossRevenue, row, Money(gross));
        f.Set(C.ReturnedAmount, row, Money(returned));
        f.Set(C.NetRevenue, row, Money(net));
        f.Set(C.Items, row, Money(items));
        f.Set(C.AverageOrderValue, row, aov);
        if (gapCount > 0)
        {
            f.Set(C.GapMean, row, (double)gapSum / gapCount);
        }

        if (gapCount > 1)
        {
            var squares = (double)gapSquares - ((double)(gapSum * gapSum) / gapCount);
            f.Set(C.GapStd, row, Math.Sqrt(Math.Max(squares, 0) / (gapCount - 1)));
        }

        f.Set(C.DaysSinceFirst, row, (long)_cutoffDay - firstDay);
        f.Set(C.DaysSinceLast, row, (long)_cutoffDay - lastDay);
        f.Set(C.Tenure, row, tenure);
        f.Set(C.OrdersPerWeek, row, purchases * 7.0 / Math.Max(tenure, 1));
        f.Set(C.ReturnOrders, row, returnOrders);
        f.Set(C.ReturnRate, row, (double)returnOrders / purchases);
        f.Set(C.DiscountShare, row, (double)discounted / purchases);
        if (knownPayment > 0)
        {
            for (var p = 1; p <= 5; p++)
            {
                f.Set(C.PaymentShares[p - 1], row, (double)payment[p] / knownPayment);
            }
        }


        // Affinity.
        var categories = Concentrate(_categorySpend, out var categoryTotal, out var categoryTop, out var favourite);
        var brands = Concentrate(_brandSpend, out var brandTotal, out var brandTop, out _);
        f.Set(C.DistinctCategories, row, (long)categories);
        f.Set(C.DistinctBrands, row, (long)brands);
        if (_bought.Length < categories)
        {
            _bought = new int[Math.Max(categories, _bought.Length * 2)];
        }

        if (categories > 0)
        {
            f.SetCode(C.FavouriteCategory, row, favourite);
            f.Set(C.FavouriteShare, row, Money(categoryTop) / Money(categoryTotal));
            var entropy = 0.0;
            var k = 0;
            foreach (var (key, spend) in _categorySpend)
            {
                var share = Money(spend) / Money(categoryTotal);
                entropy += -share * Math.Log2(share);
                _bought[k++] = key;
            }

            f.Set(C.CategoryEntropy, row, entropy);
        }

        Population.Add(id, (long)_cutoffDay - lastDay, purchases, net, _bought.AsSpan(0, categories));
        if (brands > 0)
        {
            f.Set(C.TopBrandShare, row, Money(brandTop) / Money(brandTotal));
            var hhi = 0.0;
            foreach (var (_, spend) in _brandSpend)
            {
                var share = Money(spend) / Money(brandTotal);
                hhi += share * share;
            }

            f.Set(C.BrandHhi, row, hhi);
        }

        // Time.
        for (var q = 0; q < 4; q++)
        {
            f.Set(C.Quarters[q], row, Money(quarters[q]));
        }

        f.Set(C.WeekendShare, row, (double)weekend / purchases);
        f.Set(C.Night, row, (double)night / purchases);
        f.Set(C.Morning, row, (double)morning / purchases);
        f.Set(C.Afternoon, row, (double)afternoon / purchases);
        f.Set(C.Evening, row, (double)evening / purchases);
        f.Set(C.Orders7, row, orders7);
        f.Set(C.Orders30, row, orders30);
        f.Set(C.Orders90, row, orders90);
        f.Set(C.Orders365, row, orders365);
        f.Set(C.Spend7, row, Money(spend7));
        f.Set(C.Spend30, row, Money(spend30));
        f.Set(C.Spend90, row, Money(spend90));
        f.Set(C.Spend365, row, Money(spend365));
        f.Set(C.OrdersPrev90, row, ordersPrev90);
        f.Set(C.SpendPrev90, row, Money(spendPrev90));
        f.Set(C.OrderAcceleration, row, orders90 - ordersPrev90);
        f.Set(C.SpendAcceleration, row, Money(spend90 - spendPrev90));
        // Least squares over 12 monthly points x = -m: the centred x sum to zero and their squares to 143.
        f.Set(C.MonthlySlope, row, slopeWeighted / 2.0 / Million / 143.0);
        f.Set(C.MaxSpend30, row, Money(LargestWindow(_dailySpend, 30)));

        // Experience.
        if (_reviews)
        {
            f.Set(C.ReviewCount, row, side.ReviewCount ?? 0);
            f.Set(C.ReviewScoreMean, row, side.ReviewScoreMean);
            f.Set(C.LowReviewShare, row, side.LowReviewShare);
        }

        if (deliveryCount > 0)
        {
            f.Set(C.DeliveryDaysMean, row, (double)deliverySum / deliveryCount);
        }

        if (delayCount > 0)
        {
            f.Set(C.DeliveryDelayMean, row, (double)delaySum / delayCount);
        }

        if (installmentCount > 0)
        {
            f.Set(C.InstallmentsMean, row, (double)installmentSum / installmentCount);
        }

        // Sessions.
        if (_sessions)
        {
            f.Set(C.SessionCount, row, side.SessionCount ?? 0);
            f.Set(C.SessionDurationMean, row, side.SessionDurationMean);
            f.Set(C.ViewsPerSession, row, side.ViewsPerSession);
            f.Set(C.SessionPurchaseRate, row, side.SessionPurchaseRate);
            f.Set(C.DaysSinceLastSession, row, side.DaysSinceLastSession);
        }

        // Attributes.
        f.SetCode(C.AgeBand, row, side.AgeBand);
        f.SetCode(C.Country, row, side.Country);
        f.SetCode(C.Channel, row, side.Channel);
        f.SetCode(C.EmailClass, row, side.EmailClass);
        if (side.RegisteredDay is { } registeredDay)
        {
            f.Set(C.RegistrationToFirst, row, (long)firstDay - registeredDay);
        }

        // Interactions.
        f.Set(C.AovTimesFrequency, row, aov * purchases);
        f.Set(C.ItemsPerOrder, row, Money(items) / purchases);
        if (marginKnown)
        {
            f.Set(C.MarginShare, row, Money(marginSum) / Money(marginBase));
        }
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

    /// <summary>Adds up spend per key in place (sorted by key), returning how many keys there are, the total, the
    /// largest spend and the first key (smallest name) that has it.</summary>
    private static int Concentrate(List<(int Key, long Spend)> spend, out long total, out long top, out int topKey)
    {
        total = 0;
        top = 0;
        topKey = -1;
        if (spend.Count == 0)
        {
            return 0;
        }

        spend.Sort(static (a, b) => a.Key.CompareTo(b.Key));
        var kept = 0;
        for (var i = 0; i < spend.Count; i++)
        {
            if (kept > 0 && spend[kept - 1].Key == spend[i].Key)
            {
                spend[kept - 1] = (spend[i].Key, spend[kept - 1].Spend + spend[i].Spend);
            }
            else
            {
                spend[kept++] = spend[i];
            }
        }

        spend.RemoveRange(kept, spend.Count - kept);
        foreach (var (key, amount) in spend)
        {
            total += amount;
            if (amount > top || topKey < 0)
            {
                top = amount;
                topKey = key;
            }
        }

        return kept;
    }

    /// <summary>The largest sum over any <paramref name="days"/> consecutive days, the window ending on a day with spend.</summary>
    private static long LargestWindow(List<(int Day, long Spend)> daily, int days)
    {
        long best = long.MinValue, window = 0;
        var from = 0;
        for (var to = 0; to < daily.Count; to++)
        {
            window += daily[to].Spend;
            while (daily[from].Day <= daily[to].Day - days)
            {
                window -= daily[from++].Spend;
            }

            best = Math.Max(best, window);
        }

        return best;
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

    /// <summary>Registry positions of the columns the kernel writes, resolved once by name and type.</summary>
    private sealed class Columns
    {
        public readonly int Orders = I("orders"), GrossRevenue = R("gross_revenue"), ReturnedAmount = R("returned_amount"),
            NetRevenue = R("net_revenue"), Items = R("items"), AverageOrderValue = R("avg_order_value"), GapMean = R("gap_mean_days"),
            GapStd = R("gap_std_days"), DaysSinceFirst = I("days_since_first_order"), DaysSinceLast = I("days_since_last_order"),
            Tenure = I("tenure_days"), OrdersPerWeek = R("orders_per_week"), ReturnOrders = I("return_orders"),
            ReturnRate = R("return_rate"), DiscountShare = R("discount_order_share");

        public readonly int[] PaymentShares = [R("payment_share_card"), R("payment_share_wallet"), R("payment_share_bank"),
            R("payment_share_voucher"), R("payment_share_other")];

        public readonly int DistinctCategories = I("distinct_categories"), DistinctBrands = I("distinct_brands"),
            FavouriteCategory = T("favourite_category"), FavouriteShare = R("favourite_category_share"),
            TopBrandShare = R("top_brand_share"), BrandHhi = R("brand_hhi"), CategoryEntropy = R("category_entropy");

        public readonly int[] Quarters = [R("spend_quarter_1"), R("spend_quarter_2"), R("spend_quarter_3"), R("spend_quarter_4")];

        public readonly int WeekendShare = R("weekend_share"), Night = R("hour_share_night"), Morning = R("hour_share_morning"),
            Afternoon = R("hour_share_afternoon"), Evening = R("hour_share_evening"), Orders7 = I("orders_7d"),
            Orders30 = I("orders_30d"), Orders90 = I("orders_90d"), Orders365 = I("orders_365d"), Spend7 = R("spend_7d"),
            Spend30 = R("spend_30d"), Spend90 = R("spend_90d"), Spend365 = R("spend_365d"), OrdersPrev90 = I("orders_prev_90d"),
            SpendPrev90 = R("spend_prev_90d"), OrderAcceleration = I("order_acceleration"), SpendAcceleration = R("spend_acceleration"),
            MonthlySlope = R("monthly_spend_slope"), MaxSpend30 = R("max_spend_30d");

        public readonly int ReviewCount = I("review_count"), ReviewScoreMean = R("review_score_mean"),
            LowReviewShare = R("low_review_share"), DeliveryDaysMean = R("delivery_days_mean"),
            DeliveryDelayMean = R("delivery_delay_mean"), InstallmentsMean = R("installments_mean");

        public readonly int SessionCount = I("session_count"), SessionDurationMean = R("session_duration_mean"),
            ViewsPerSession = R("views_per_session"), SessionPurchaseRate = R("session_purchase_rate"),
            DaysSinceLastSession = I("days_since_last_session");

        public readonly int AgeBand = T("age_band"), Country = T("country"), Channel = T("acquisition_channel"),
            EmailClass = T("email_domain_class"), RegistrationToFirst = I("days_registration_to_first_purchase");

        public readonly int AovTimesFrequency = R("aov_x_frequency"), ItemsPerOrder = R("items_per_order"), MarginShare = R("margin_share");

        private static int I(string name) => Index(name, FeatureType.Integer);

        private static int R(string name) => Index(name, FeatureType.Real);

        private static int T(string name) => Index(name, FeatureType.Category);
    }
}
