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
    /// Multiplies the unit price of untouched purchases by U(20, 100). Per product and block, outliers stay below a
    /// third of the rows with a natural positive price (and need three or more clean ones), so over the whole file the
    /// median and MAD of ln(price) stay inside the ±5 % cluster of natural prices: natural rows deviate at most
    /// ln(1.05 / 0.95) ≈ 0.1 and outliers at least ln 20 − 0.1 ≈ 2.9, on either side of the ln 5 ≈ 1.61 threshold.
    /// </summary>
    private void InjectPriceOutliers(ref Xoshiro256StarStar rng)
    {
        var rate = _context.Defects.PriceOutlier;
        if (!(rate > 0.0))
        {
            return;
        }

        var productCount = _context.Catalog.Count;
        for (var i = 0; i < _rows.Count; i++)
        {
            ref var row = ref _rows[i];
            if (row.ProductNumber <= productCount && row.PriceCents > 0)
            {
                _productCounts[row.ProductNumber - 1]++;
            }
        }

        for (var i = 0; i < _rows.Count; i++)
        {
            ref var row = ref _rows[i];
            if (row.Kind != RowKind.Purchase || row.Touched || row.Returned || !(rng.NextDouble() < rate))
            {
                continue;
            }

            var product = row.ProductNumber - 1;
            var next = _productOutliers[product] + 1;
            if (3 * next > _productCounts[product] - 1)
            {
                continue;
            }

            _productOutliers[product] = next;
            row.PriceCents = (int)Math.Round(row.PriceCents * (20.0 + 80.0 * rng.NextDouble()));
            row.Kind = RowKind.PriceOutlier;
            row.Touched = true;
            Tally.PriceOutliers++;
        }

        for (var i = 0; i < _rows.Count; i++)
        {
            var number = _rows[i].ProductNumber;
            if (number <= productCount)
            {
                _productCounts[number - 1] = 0;
                _productOutliers[number - 1] = 0;
            }
        }
    }
}
