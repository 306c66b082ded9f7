namespace Patron.Lifetime.Data;

/// <summary>Builds the calibration/holdout <see cref="CustomerSummary"/> from a purchase log at any cutoff.</summary>
/// <remarks>
/// Follows the literature's conventions: purchases of one customer on one day are one transaction (their amounts
/// summed); the first transaction starts the customer's clock and is not counted in x; the calibration period ends
/// at the end of <c>cutoff</c> (purchases on that day count); holdout covers the days after the cutoff up to and
/// including <c>holdoutEnd</c>. Only customers whose first purchase is on or before the cutoff are summarised, in
/// order of first appearance in the log.
/// </remarks>
public static class CustomerSummaryBuilder
{
    public static CustomerSummary Build(TransactionLog log, DateOnly cutoff, DateOnly? holdoutEnd, TimeUnit unit)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (holdoutEnd is { } end && end < cutoff)
        {
            throw new ArgumentOutOfRangeException(nameof(holdoutEnd), end, "The holdout must end after the cutoff.");
        }

        var n = log.Count;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        var customerOf = new int[n];
        for (var i = 0; i < n; i++)
        {
            if (!index.TryGetValue(log.CustomerIds[i], out var c))
            {
                c = order.Count;
                index.Add(log.CustomerIds[i], c);
                order.Add(log.CustomerIds[i]);
            }

            customerOf[i] = c;
        }

        // Sorting one composite key (customer, day) groups each customer's days in time order without per-row objects.
        var keys = new long[n];
        var amounts = new double[n];
        for (var i = 0; i < n; i++)
        {
            keys[i] = ((long)customerOf[i] << 32) | (uint)log.Days[i];
            amounts[i] = log.Amounts[i];
        }

        Array.Sort(keys, amounts);
        var cutoffDay = cutoff.DayNumber;
        var holdoutDay = holdoutEnd?.DayNumber ?? cutoffDay;
        var scale = 1.0 / unit.DaysPerUnit();
        var customers = order.Count;
        var first = new int[customers];
        var last = new int[customers];
        var x = new int[customers];
        var spendSum = new double[customers];
        var xStar = new int[customers];
        var holdoutSpend = new double[customers];
        Array.Fill(first, int.MaxValue);
        var row = 0;
        while (row < n)
        {
            var customer = (int)(keys[row] >> 32);
            var day = (int)(uint)keys[row];
            var amount = 0.0;
            while (row < n && keys[row] == (((long)customer << 32) | (uint)day))
            {
                amount += amounts[row];
                row++;
            }

            if (day <= cutoffDay)
            {
                if (first[customer] == int.MaxValue)
                {
                    first[customer] = day;
                }
                else
                {
                    x[customer]++;
                    spendSum[customer] += amount;
                }

                last[customer] = day;
            }
            else if (day <= holdoutDay && first[customer] != int.MaxValue)
            {
                xStar[customer]++;
                holdoutSpend[customer] += amount;
            }
        }

        var kept = 0;
        for (var c = 0; c < customers; c++)
        {
            kept += first[c] <= cutoffDay ? 1 : 0;
        }

        var ids = new string[kept];
        var frequency = new int[kept];
        var recency = new double[kept];
        var age = new double[kept];
        var meanSpend = new double[kept];
        var holdout = holdoutEnd is null ? null : new int[kept];
        var holdoutValue = holdoutEnd is null ? null : new double[kept];
        var k = 0;
        for (var c = 0; c < customers; c++)
        {
            if (first[c] > cutoffDay)
            {
                continue;
            }

            ids[k] = order[c];
            frequency[k] = x[c];
            recency[k] = (last[c] - first[c]) * scale;
            age[k] = (cutoffDay - first[c]) * scale;
            meanSpend[k] = x[c] > 0 ? spendSum[c] / x[c] : 0.0;
            if (holdout is not null && holdoutValue is not null)
            {
                holdout[k] = xStar[c];
                holdoutValue[k] = holdoutSpend[c];
            }

            k++;
        }

        var holdoutLength = holdoutEnd is { } h ? (h.DayNumber - cutoffDay) * scale : double.NaN;
        return new CustomerSummary(ids, frequency, recency, age, meanSpend, holdout, holdoutValue, unit, holdoutLength);
    }
}
