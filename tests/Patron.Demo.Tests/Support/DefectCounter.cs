namespace Patron.Demo.Tests.Support;

/// <summary>
/// Counts every defect kind from the written files by its definition in docs/demo-shop.md, independently of the
/// generator, so the test can compare with truth.json.
/// </summary>
internal static class DefectCounter
{
    private static readonly DateTime OpeningDate = new(2000, 1, 1);

    public static Dictionary<string, long> Count(ShopFiles shop, bool firstTransactionAmongValidTimestamps = false)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        var seenLines = new HashSet<string>(StringComparer.Ordinal);
        var contentsById = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        long exact = 0, businessKey = 0, negative = 0, zeroQuantity = 0, badPrice = 0, orphanCustomers = 0, orphanProducts = 0;
        long future = 0, preOpening = 0, missingPayment = 0;
        var customerIds = new HashSet<string>(shop.Customers.Select(c => c[0]), StringComparer.Ordinal);
        var productIds = new HashSet<string>(shop.Products.Select(p => p[0]), StringComparer.Ordinal);
        var firstTransaction = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        var logPrices = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        for (var i = 0; i < shop.Transactions.Length; i++)
        {
            var line = shop.TransactionLines[i];
            var row = shop.Transactions[i];
            if (!seenLines.Add(line))
            {
                exact++;
            }
            else if (contentsById.TryGetValue(row[0], out var contents))
            {
                businessKey++;
                contents.Add(line);
            }
            else
            {
                contentsById[row[0]] = [line];
            }

            var quantity = int.Parse(row[3], System.Globalization.CultureInfo.InvariantCulture);
            var price = ShopFiles.Number(row[4]);
            var timestamp = ShopFiles.Timestamp(row[6]);
            negative += quantity < 0 ? 1 : 0;
            zeroQuantity += quantity == 0 ? 1 : 0;
            badPrice += price <= 0 && quantity > 0 ? 1 : 0;
            orphanCustomers += customerIds.Contains(row[1]) ? 0 : 1;
            orphanProducts += productIds.Contains(row[2]) ? 0 : 1;
            future += timestamp.Year == 2099 ? 1 : 0;
            preOpening += timestamp < OpeningDate ? 1 : 0;
            missingPayment += row[7].Length == 0 ? 1 : 0;
            var valid = timestamp >= OpeningDate && timestamp.Year < 2099;
            if (!firstTransactionAmongValidTimestamps || valid)
            {
                if (!firstTransaction.TryGetValue(row[1], out var first) || timestamp < first)
                {
                    firstTransaction[row[1]] = timestamp;
                }
            }

            if (price > 0)
            {
                if (!logPrices.TryGetValue(row[2], out var list))
                {
                    logPrices[row[2]] = list = [];
                }

                list.Add(Math.Log(price));
            }
        }

        counts["exact_duplicates"] = exact;
        counts["business_key_duplicates"] = businessKey;
        counts["negative_quantity"] = negative;
        counts["zero_quantity"] = zeroQuantity;
        counts["zero_or_negative_price"] = badPrice;
        counts["price_outliers"] = CountPriceOutliers(logPrices);
        counts["orphan_customers"] = orphanCustomers;
        counts["orphan_products"] = orphanProducts;
        counts["future_timestamps"] = future;
        counts["pre_opening_timestamps"] = preOpening;
        counts["registration_after_first_purchase"] = shop.Customers.LongCount(c =>
            firstTransaction.TryGetValue(c[0], out var first) && ShopFiles.Date(c[1]) > first);
        counts["customers.age"] = shop.Customers.LongCount(c => c[2].Length == 0);
        counts["customers.country"] = shop.Customers.LongCount(c => c[3].Length == 0);
        counts["customers.acquisition_channel"] = shop.Customers.LongCount(c => c[5].Length == 0);
        counts["transactions.payment_method"] = missingPayment;
        counts["products.brand"] = shop.Products.LongCount(p => p[3].Length == 0);
        return counts;
    }

    /// <summary>Per product: |ln p − median| &gt; max(5 · 1.4826 · MAD, ln 5) over the positive prices.</summary>
    public static long CountPriceOutliers(Dictionary<string, List<double>> logPricesByProduct)
    {
        long outliers = 0;
        foreach (var logPrices in logPricesByProduct.Values)
        {
            var median = Median(logPrices);
            var deviations = logPrices.Select(x => Math.Abs(x - median)).ToList();
            var threshold = Math.Max(5.0 * 1.4826 * Median(deviations), Math.Log(5.0));
            outliers += deviations.Count(d => d > threshold);
        }

        return outliers;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
    }
}
