using Patron.Demo;
using Patron.Features.Build;
using Patron.Warehouse;
using Patron.Warehouse.Ingest;
using Patron.Warehouse.Sources.Generic;
using Xunit.Abstractions;

namespace Patron.Features.Tests.Demo;

/// <summary>Features of a generated shop against the generator's latent truth (truth/customers.csv).</summary>
public sealed class DemoShopFeaturesTests(ITestOutputHelper output)
{
    [Fact]
    public void Build_DemoShop_FrequencyAndRecencyFollowTheLatentPurchaseRate()
    {
        using var folder = new TempFolder();
        var shop = DemoShopGenerator.Generate(new DemoShopOptions { OutputDirectory = folder.File("shop"), Customers = 4000, Seed = 7, Clean = true });
        var warehouse = folder.File("w.duckdb");
        new Ingestor().Ingest(warehouse, new GenericSource(), shop.OutputDirectory);
        using var connection = WarehouseFile.Open(warehouse);
        var cutoff = new DemoShopOptions { OutputDirectory = "x" }.End.AddDays(1);
        FeatureBuilder.Build(connection, new FeatureBuildOptions { Cutoff = cutoff, Kpis = false });

        var truth = Path.Combine(shop.TruthDirectory, "customers.csv").Replace("'", "''", StringComparison.Ordinal);
        var rows = connection.Query($$"""
            SELECT f.orders * 1.0 / f.days_since_first_order AS observed_rate,
                   f.days_since_last_order,
                   t.lambda_per_day
            FROM gold.customer_features f
            JOIN read_csv('{{truth}}', header = true, columns = {'customer_id': 'VARCHAR', 'lambda_per_day': 'DOUBLE', 'p_dropout': 'DOUBLE',
                 'dropout_date': 'VARCHAR', 'alive_at_end': 'BOOLEAN', 'spend_level': 'DOUBLE', 'future_orders': 'BIGINT',
                 'future_spend': 'DOUBLE', 'favourite_category': 'VARCHAR'}) t ON t.customer_id = f.customer_id
            WHERE f.days_since_first_order >= 365 AND t.alive_at_end
            """);
        // λ drives purchases only while a customer is alive (BG/NBD), so the comparison takes customers the generator
        // kept alive through the whole history: for them the observed rate estimates λ itself.
        Assert.True(rows.RowCount > 300, $"only {rows.RowCount} customers with a year of history");
        var observed = rows["observed_rate"].ToDoubleArray();
        var recency = rows["days_since_last_order"].ToDoubleArray();
        var lambda = rows["lambda_per_day"].ToDoubleArray();
        var frequency = Spearman(observed, lambda);
        var recencyCorrelation = Spearman(recency, lambda);
        output.WriteLine($"{rows.RowCount} customers: Spearman(frequency, λ) = {frequency:F3}, Spearman(recency, λ) = {recencyCorrelation:F3}");
        Assert.True(frequency > 0.8, $"Spearman(observed frequency, λ) = {frequency:F3}");
        // Frequent buyers come back sooner: recency falls as the rate rises.
        Assert.True(recencyCorrelation < -0.3, $"Spearman(recency, λ) = {recencyCorrelation:F3}");
    }

    /// <summary>Spearman's rank correlation: Pearson correlation of average ranks (ties share their mean rank).</summary>
    internal static double Spearman(double[] x, double[] y)
    {
        var rx = Ranks(x);
        var ry = Ranks(y);
        double mx = 0, my = 0;
        for (var i = 0; i < rx.Length; i++)
        {
            mx += rx[i];
            my += ry[i];
        }

        mx /= rx.Length;
        my /= ry.Length;
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }

        return sxy / Math.Sqrt(sxx * syy);
    }

    private static double[] Ranks(double[] values)
    {
        var order = new int[values.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => values[a].CompareTo(values[b]));
        var ranks = new double[values.Length];
        var start = 0;
        while (start < order.Length)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }

            var mean = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++)
            {
                ranks[order[k]] = mean;
            }

            start = end + 1;
        }

        return ranks;
    }
}
