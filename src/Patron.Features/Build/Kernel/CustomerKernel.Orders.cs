using System.Runtime.CompilerServices;

namespace Patron.Features.Build.Kernel;

internal sealed partial class CustomerKernel
{
    /// <summary>Walks one customer's rows in time order, order by order (the lines of an order are adjacent), and adds up
    /// what the feature groups need: counts, money in millionths, gaps, time-of-day and window counts, and the spend per
    /// category, brand and day (into the kernel's scratch lists).</summary>
    /// <remarks>The running values are locals, kept in registers in this hot loop; they are copied into
    /// <paramref name="t"/> once per customer.</remarks>
    private void AddOrders(ReadOnlySpan<int> lines, out OrderTotals t)
    {
        var rows = _rows;
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

        t = default;
        t.Purchases = purchases;
        t.Gross = gross;
        t.Items = items;
        t.Discounted = discounted;
        t.ReturnOrders = returnOrders;
        t.Returned = returned;
        t.GapCount = gapCount;
        t.GapSum = gapSum;
        t.GapSquares = gapSquares;
        t.FirstDay = firstDay;
        t.LastDay = lastDay;
        t.KnownPayment = knownPayment;
        t.InstallmentCount = installmentCount;
        t.InstallmentSum = installmentSum;
        t.DeliveryCount = deliveryCount;
        t.DeliverySum = deliverySum;
        t.DelayCount = delayCount;
        t.DelaySum = delaySum;
        t.Weekend = weekend;
        t.Night = night;
        t.Morning = morning;
        t.Afternoon = afternoon;
        t.Evening = evening;
        t.Orders7 = orders7;
        t.Orders30 = orders30;
        t.Orders90 = orders90;
        t.Orders365 = orders365;
        t.OrdersPrev90 = ordersPrev90;
        t.Spend7 = spend7;
        t.Spend30 = spend30;
        t.Spend90 = spend90;
        t.Spend365 = spend365;
        t.SpendPrev90 = spendPrev90;
        t.SlopeWeighted = slopeWeighted;
        t.MarginSum = marginSum;
        t.MarginBase = marginBase;
        t.MarginKnown = marginKnown;
        payment.CopyTo(t.Payment);
        quarters.CopyTo(t.Quarters);
    }

    /// <summary>A customer's totals over their orders before the cutoff; money and units in millionths, days since
    /// 1970-01-01.</summary>
    private struct OrderTotals
    {
        public long Purchases;
        public long Gross;
        public long Items;
        public long Discounted;
        public long ReturnOrders;
        public long Returned;
        public long GapCount;
        public long GapSum;
        public long GapSquares;
        public int FirstDay;
        public int LastDay;
        public long KnownPayment;
        public Longs6 Payment;
        public long InstallmentCount;
        public long InstallmentSum;
        public long DeliveryCount;
        public long DeliverySum;
        public long DelayCount;
        public long DelaySum;
        public Longs4 Quarters;
        public long Weekend;
        public long Night;
        public long Morning;
        public long Afternoon;
        public long Evening;
        public long Orders7;
        public long Orders30;
        public long Orders90;
        public long Orders365;
        public long OrdersPrev90;
        public long Spend7;
        public long Spend30;
        public long Spend90;
        public long Spend365;
        public long SpendPrev90;
        public long SlopeWeighted;
        public long MarginSum;
        public long MarginBase;
        public bool MarginKnown;

        /// <summary>Purchases less the money given back by returns.</summary>
        public readonly long Net => Gross - Returned;

        public readonly double AverageOrderValue => Money(Gross) / Purchases;
    }

    /// <summary>Order counts by payment class (class 0, unknown, is never counted).</summary>
    [InlineArray(6)]
    private struct Longs6
    {
        private long _element;
    }

    /// <summary>Net spend in each of the last four quarters before the cutoff.</summary>
    [InlineArray(4)]
    private struct Longs4
    {
        private long _element;
    }
}
