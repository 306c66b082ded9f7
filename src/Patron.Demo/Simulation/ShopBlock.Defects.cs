using Patron.Demo.Catalog;
using Patron.Demo.Output;
using Patron.Demo.Randomness;

namespace Patron.Demo.Simulation;

internal sealed partial class ShopBlock
{
    private const int OrphanCustomerRange = 1_000_000;
    private const int OrphanProductRange = 10_000;
    private static readonly int FarFutureFirstDay = CivilCalendar.DaysFromCivil(2099, 1, 1);

    /// <summary>
    /// At most one defect per customer row: a registration moved after the first purchase (only for customers who
    /// bought in history, and only while it stays inside history), or one empty attribute.
    /// </summary>
    private void InjectCustomerDefects(ref Xoshiro256StarStar rng)
    {
        var plan = _context.Defects;
        _lateRegistrationCount = 0;
        var late = plan.RegistrationAfterFirstPurchase;
        var age = late + plan.MissingAge;
        var country = age + plan.MissingCountry;
        var channel = country + plan.MissingChannel;
        for (var local = 0; local < CustomerCount; local++)
        {
            _customerDefect[local] = CustomerDefect.None;
            if (!plan.Enabled)
            {
                continue;
            }

            var u = rng.NextDouble();
            if (u < late)
            {
                if (_baseEnd[local] == _baseStart[local])
                {
                    continue;
                }

                var firstPurchaseDay = (int)((_base[_baseStart[local]].Timestamp - _context.FirstSecond) / CivilCalendar.SecondsPerDay);
                var moved = firstPurchaseDay + 1 + rng.NextInt(14);
                if (moved < _context.HistoryDays)
                {
                    _registrationDay[local] = moved;
                    _customerDefect[local] = CustomerDefect.RegistrationAfterFirstPurchase;
                    _lateRegistrations[_lateRegistrationCount++] = local;
                    Tally.RegistrationAfterFirstPurchase++;
                }
            }
            else if (u < age)
            {
                _customerDefect[local] = CustomerDefect.MissingAge;
                Tally.MissingAge++;
            }
            else if (u < country)
            {
                _customerDefect[local] = CustomerDefect.MissingCountry;
                Tally.MissingCountry++;
            }
            else if (u < channel)
            {
                _customerDefect[local] = CustomerDefect.MissingChannel;
                Tally.MissingChannel++;
            }
        }
    }

    /// <summary>
    /// Lays out the block's transactions.csv rows: each customer's history in time order, then the rows injected
    /// from them. Each clean purchase is the source of at most one defect, so no row carries two.
    /// </summary>
    private void BuildRows(ref Xoshiro256StarStar rng)
    {
        var plan = _context.Defects;
        var cumulative = plan.RowCumulative;
        var total = cumulative[^1];
        NewIdRows = 0;
        for (var local = 0; local < CustomerCount; local++)
        {
            var start = _rows.Count;
            for (var i = _baseStart[local]; i < _baseEnd[local]; i++)
            {
                ref var copy = ref _rows.Add();
                copy = _base[i];
                if (copy.Kind == RowKind.Return)
                {
                    Tally.NegativeQuantity++;
                }
            }

            var end = _rows.Count;
            if (!plan.Enabled)
            {
                continue;
            }

            for (var i = start; i < end; i++)
            {
                if (_rows[i].Kind != RowKind.Purchase)
                {
                    continue;
                }

                var u = rng.NextDouble();
                if (u >= total)
                {
                    continue;
                }

                var kind = 0;
                while (u >= cumulative[kind])
                {
                    kind++;
                }

                InjectRowDefect(ref rng, i, DefectPlan.RowKinds[kind]);
            }
        }

        var reused = Tally.ExactDuplicates + Tally.BusinessKeyDuplicates;
        NewIdRows = _rows.Count - (int)reused;
    }

    private void InjectRowDefect(ref Xoshiro256StarStar rng, int source, RowKind kind)
    {
        if (kind == RowKind.MissingPayment)
        {
            ref var row = ref _rows[source];
            row.Payment = TransactionRow.MissingPayment;
            row.Kind = RowKind.MissingPayment;
            row.Touched = true;
            Tally.MissingPayment++;
            return;
        }

        var extra = _rows[source];
        extra.Kind = kind;
        extra.Returned = false;
        extra.Touched = true;
        extra.SourceRow = -1;
        var catalog = _context.Catalog;
        var secondOfDay = extra.Timestamp % CivilCalendar.SecondsPerDay;
        switch (kind)
        {
            case RowKind.ExactDuplicate:
                extra.SourceRow = source;
                Tally.ExactDuplicates++;
                break;
            case RowKind.BusinessKeyDuplicate:
                // Same id and customer and time, another product of the same category at its own natural price.
                var original = extra.ProductNumber - 1;
                var other = original;
                for (var attempt = 0; attempt < 8 && other == original; attempt++)
                {
                    other = catalog.PickInCategory(ref rng, catalog.Category[original]);
                }

                if (other == original)
                {
                    return;
                }

                extra.ProductNumber = other + 1;
                extra.PriceCents = NaturalPrice(ref rng, catalog.BaseCents[other]);
                extra.SourceRow = source;
                Tally.BusinessKeyDuplicates++;
                break;
            case RowKind.ZeroQuantity:
                extra.Quantity = 0;
                Tally.ZeroQuantity++;
                break;
            case RowKind.ZeroOrNegativePrice:
                extra.PriceCents = rng.NextDouble() < 0.5 ? 0 : -extra.PriceCents;
                Tally.ZeroOrNegativePrice++;
                break;
            case RowKind.OrphanCustomer:
                extra.CustomerNumber = ShopContext.OrphanCustomerBase + rng.NextInt(OrphanCustomerRange);
                Tally.OrphanCustomers++;
                break;
            case RowKind.OrphanProduct:
                extra.ProductNumber = ShopContext.OrphanProductBase + rng.NextInt(OrphanProductRange);
                extra.PriceCents = NaturalPrice(ref rng, ProductCatalog.OrphanBaseCents(_context.Seed, extra.ProductNumber));
                Tally.OrphanProducts++;
                break;
            case RowKind.FutureTimestamp:
                extra.Timestamp = (FarFutureFirstDay + rng.NextInt(365)) * CivilCalendar.SecondsPerDay + secondOfDay;
                Tally.FutureTimestamps++;
                break;
            case RowKind.PreOpeningTimestamp:
                // Only customers already registered after their first purchase get a 1970 row, so the row cannot
                // make a clean customer look registered late (their customer row carries that one defect already).
                if (_lateRegistrationCount == 0)
                {
                    return;
                }

                extra.CustomerNumber = FirstCustomer + _lateRegistrations[rng.NextInt(_lateRegistrationCount)] + 1;
                extra.Timestamp = secondOfDay;
                Tally.PreOpeningTimestamps++;
                break;
            default:
                throw new InvalidOperationException($"Row defect {kind} is not injected from a source row.");
        }

        _rows[source].Touched = true;
        _rows.Add() = extra;
    }

    /// <summary>
    /// Multiplies the unit price of untouched purchases by U(20, 100). The quality rule judges a line against the
    /// product's lines of strictly earlier orders (docs/quality.md), so the block's rows are walked in time order and an
    /// outlier is injected only while the block's outliers of that product stay at most a fifth of its priced rows dated
    /// before it. Summed over blocks, the outliers then stay below a fifth of every product's earlier rows, so the median
    /// and both quartiles of ln(price) stay inside the ±5 % cluster of natural prices: natural rows deviate at most
    /// ln(1.05 / 0.95) ≈ 0.1 and outliers at least ln 20 − 0.1 ≈ 2.9, on either side of the ln 5 ≈ 1.61 threshold, and
    /// every outlier has at least five earlier prices (the rule needs three).
    /// </summary>
    private void InjectPriceOutliers(ref Xoshiro256StarStar rng)
    {
        var rate = _context.Defects.PriceOutlier;
        if (!(rate > 0.0))
        {
            return;
        }

        var count = _rows.Count;
        if (_timeOrder.Length < count)
        {
            _timeOrder = new int[Math.Max(count, _timeOrder.Length * 2)];
            _timeKeys = new long[_timeOrder.Length];
        }

        for (var i = 0; i < count; i++)
        {
            _timeOrder[i] = i;
            _timeKeys[i] = _rows[i].Timestamp;
        }

        // Ties keep no particular order, but the sort is deterministic for the same block, so the bytes are too.
        Array.Sort(_timeKeys, _timeOrder, 0, count);
        var productCount = _context.Catalog.Count;
        var start = 0;
        while (start < count)
        {
            var end = start + 1;
            while (end < count && _timeKeys[end] == _timeKeys[start])
            {
                end++;
            }

            // Rows of one instant are judged against the rows before it only, then join the counts.
            for (var k = start; k < end; k++)
            {
                ref var row = ref _rows[_timeOrder[k]];
                if (row.Kind != RowKind.Purchase || row.Touched || row.Returned || !(rng.NextDouble() < rate))
                {
                    continue;
                }

                var product = row.ProductNumber - 1;
                if (5 * (_productOutliers[product] + 1) > _productCounts[product])
                {
                    continue;
                }

                _productOutliers[product]++;
                row.PriceCents = (int)Math.Round(row.PriceCents * (20.0 + 80.0 * rng.NextDouble()));
                row.Kind = RowKind.PriceOutlier;
                row.Touched = true;
                Tally.PriceOutliers++;
            }

            for (var k = start; k < end; k++)
            {
                ref var row = ref _rows[_timeOrder[k]];
                if (IsPriceReference(in row, productCount))
                {
                    _productCounts[row.ProductNumber - 1]++;
                }
            }

            start = end;
        }

        for (var i = 0; i < count; i++)
        {
            var number = _rows[i].ProductNumber;
            if (number >= 1 && number <= productCount)
            {
                _productCounts[number - 1] = 0;
                _productOutliers[number - 1] = 0;
            }
        }
    }

    /// <summary>A row whose price the rule reads: a catalog product at a positive price and a non-zero quantity, in the
    /// row silver keeps for its transaction id (copies and other versions of an id are set aside).</summary>
    private static bool IsPriceReference(in TransactionRow row, int productCount)
        => row.ProductNumber >= 1 && row.ProductNumber <= productCount && row.PriceCents > 0 && row.Quantity != 0
           && row.Kind != RowKind.ExactDuplicate && row.Kind != RowKind.BusinessKeyDuplicate;
}
